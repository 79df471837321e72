"""Export and import for the services: every kind of record, out to a file and back."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from craftlog.core.exchange_reviews import EntryReviews
    from craftlog.core.reviews import CardState, Review
    from craftlog.core.weeks import IsoWeek
    from craftlog.services import Services

# The kinds an import counts, by the export's list names; the CLI words them in this order.
KINDS = ("entries", "audits", "checks", "tier_tests", "reviews")


@dataclass(frozen=True)
class ImportResult:
    """What an import did: `added` and `skipped` count records of every kind together."""

    added: int
    skipped: int
    source_format: str
    # Keyed by the export's list names: "entries", "audits", "checks", "tier_tests", "reviews".
    added_by_kind: dict[str, int] = field(default_factory=dict)
    skipped_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def entries_added(self) -> int:
        return self.added_by_kind.get("entries", 0)

    @property
    def audits_added(self) -> int:
        return self.added_by_kind.get("audits", 0)

    @property
    def assessments_added(self) -> int:
        """Gap checks and tier tests together."""
        return self.added_by_kind.get("checks", 0) + self.added_by_kind.get("tier_tests", 0)

    @property
    def reviews_added(self) -> int:
        return self.added_by_kind.get("reviews", 0)


def export(services: Services, fmt: str, week: IsoWeek | None = None) -> str:
    """The log in one of the export formats, whole or for one week."""
    from craftlog.core import exchange
    from craftlog.store.entries import EntryFilter

    if fmt == "json" and week is None:
        from craftlog.core.exchange_reviews import group_reviews

        everything = services.entries.all()
        reviews = services.reviews
        return exchange.to_json(
            everything,
            services.now().astimezone(),
            audits=services.audits.all(),
            assessments=services.assessments.all(),
            reviews=group_reviews(everything, reviews.all_cards(), reviews.all_reviews()),
        )
    live = services.entries.find(EntryFilter())
    if week is not None:
        live = [e for e in live if e.week == week]
    if fmt == "json":
        return exchange.to_json(live, services.now().astimezone())
    if fmt == "markdown":
        return exchange.to_markdown(live, week)
    return exchange.to_csv(sorted(live, key=lambda e: (e.day, e.id)))


def import_text(services: Services, raw: str, source: str, fmt: str | None) -> ImportResult:
    """Import a craftlog or jrnl export; records already present are skipped, never doubled."""
    from craftlog.core import exchange
    from craftlog.core import exchange_records as records
    from craftlog.core.exchange_reviews import read_reviews
    from craftlog.store.entries import StoredMeta

    document = exchange.parse_document(raw, source)
    detected = exchange.detect_format(document)
    if fmt and detected not in (fmt, "unknown"):
        raise exchange.ImportProblem(
            f"{source} is a {detected} export, not {fmt}; leave out --format"
        )
    detected = fmt or detected
    audits, assessments, groups = [], [], []
    if detected == "craftlog":
        items = exchange.read_craftlog(document, source, services.today())
        # Every record of every kind is checked before anything is stored.
        audits, assessments = records.read_records(document, source)
        groups = read_reviews(document, source)
    elif detected == "jrnl":
        items = exchange.read_jrnl(document, source, services.today())
    else:
        raise exchange.ImportProblem(
            f"{source} is JSON but neither a craftlog nor a jrnl export; "
            "name the format with --format if you are sure"
        )
    uids = services.entries.known_uids()
    prints = services.entries.known_fingerprints()
    fresh = []
    for item in items:
        key = (item.draft.day.isoformat() if item.draft.day else "", item.draft.text)
        if (item.uid and item.uid in uids) or key in prints:
            continue
        if item.uid:
            # Two entries of one file with their own ids are two entries, even when
            # their day and text agree: only id-less entries are told apart by content.
            uids.add(item.uid)
        else:
            prints.add(key)
        meta = StoredMeta(item.uid, item.created_at, item.updated_at, item.deleted_at)
        fresh.append((item.draft, meta))
    new_audits, new_assessments = [], []
    if audits:
        known = services.audits.known_uids()
        new_audits = records.fresh_records(audits, known, services.audits.all(), records.audit_key)
    if assessments:
        known = services.assessments.known_uids()
        stored = services.assessments.all()
        new_assessments = records.fresh_records(assessments, known, stored, records.assessment_key)
    # One transaction per kind: should one fail, importing the file again adds only the rest.
    added = dict.fromkeys(KINDS, 0)
    added["entries"] = services.entries.add_many(fresh) if fresh else 0
    added["audits"] = services.audits.add_many(new_audits) if new_audits else 0
    if new_assessments:
        services.assessments.add_many(new_assessments)
    # After the entries: the reviews of an entry this same file brought belong to it now.
    added["reviews"] = _add_reviews(services, groups) if groups else 0
    in_file = dict.fromkeys(KINDS, 0)
    in_file.update(entries=len(items), audits=len(audits))
    in_file["reviews"] = sum(len(group.log) for group in groups)
    for item in assessments:
        in_file[records.LIST_OF_KEY[item.key]] += 1
    for item in new_assessments:
        added[records.LIST_OF_KEY[item.key]] += 1
    return ImportResult(
        added=sum(added.values()),
        skipped=sum(in_file.values()) - sum(added.values()),
        source_format=detected,
        added_by_kind=added,
        skipped_by_kind={kind: in_file[kind] - added[kind] for kind in in_file},
    )


def _add_reviews(services: Services, groups: list[EntryReviews]) -> int:
    """Store the cards and reviews of entries now present; returns the reviews added."""
    from craftlog.core.exchange_reviews import review_key

    store = services.reviews
    ids = store.entry_ids()
    known = store.known_uids()
    keys = {review_key(review) for review in store.all_reviews()}
    stored = {card.entry_id: card for card in store.all_cards()}
    cards: list[CardState] = []
    fresh: list[Review] = []
    for group in groups:
        entry_id = ids.get(group.entry_uid)
        if entry_id is None:  # its entry is neither here nor in the file: nothing to attach to
            continue
        card = replace(group.card, entry_id=entry_id) if group.card else None
        mine = stored.get(entry_id)
        # A stored schedule reviewed since the export was written is kept.
        if card and (mine is None or _after(card, mine)):
            cards.append(card)
        for review in group.log:
            review = replace(review, entry_id=entry_id)
            if (review.uid and review.uid in known) or review_key(review) in keys:
                continue
            if review.uid:
                known.add(review.uid)
            else:
                keys.add(review_key(review))
            fresh.append(review)
    if not cards and not fresh:
        return 0
    return store.add_many(cards, fresh)


def _after(card: CardState, stored: CardState) -> bool:
    if card.last_review is None:
        return False
    return stored.last_review is None or card.last_review > stored.last_review
