from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    reason: str


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    marked_leaving: int = 0
    units_created: int = 0
    units_updated: int = 0
    work_groups_created: int = 0
    work_groups_updated: int = 0
    management_groups_created: int = 0
    management_groups_updated: int = 0
    marked_leaving_ids: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    def as_dict(self) -> dict:
        return asdict(self)
