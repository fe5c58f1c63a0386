"""What the web assistant offers around the workspaces: signing in, choosing or opening one,
the shared corpus, and the deployment's settings.  Pages call this and
:class:`~assistant.service.desk.Desk`, never the store or an adapter directly; both refuse
what the signed-in person's role does not allow (:mod:`assistant.service.accounts`)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.domain.agency import infer_agency
from assistant.domain.ports import Passage, SearchFilter
from assistant.domain.region import normalized_name
from assistant.domain.years import drafting_year
from assistant.errors import GongkaiError, model_failure
from assistant.service.accounts import Access, SignIn
from assistant.service.desk import Desk
from assistant.service.region_uploads import RegionRequest, ReviewedRegion, review_uploads
from assistant.service.regions import Progress, start_county_workspace
from assistant.service.review import Review, review
from assistant.service.turns import TurnRunner
from assistant.service.uploads import save_if_readable
from assistant.settings import Settings
from assistant.store.users import Account
from assistant.store.workspaces import Workspace

if TYPE_CHECKING:
    from assistant.bootstrap import Services
    from assistant.domain.aggregate import Aggregate
    from assistant.retrieval.index import IndexedDocument, IndexSummary


def mask_secret(secret: str) -> str:
    """A key as the settings page may show it: never more than its last four characters."""
    if not secret:
        return ""
    return "*" * 8 + (secret[-4:] if len(secret) > 8 else "")


class Corpus:
    """The shared corpus of past reports and regulations, as the 语料库 page manages it."""

    def __init__(self, services: Services, access: Access) -> None:
        self.services = services
        self.access = access
        self.index = services.index()

    def documents(self) -> list[IndexedDocument]:
        return self.index.documents()

    def agencies(self) -> list[str]:
        return self.index.agencies()

    def count(self) -> int:
        return self.index.count()

    def search(self, query: str, *, k: int = 8, where: SearchFilter | None = None) -> list[Passage]:
        return self.index.search(query, k=k, where=where)

    def save_upload(self, name: str, data: bytes, kind: str | None) -> Path:
        """Keep an uploaded document in the data directory once it reads as a corpus document."""
        self.access.require_corpus_addition()
        from assistant.retrieval.documents import load_document

        folder = self.services.settings.data_dir / "corpus"
        target, _ = save_if_readable(folder, name, data, lambda path: load_document(path, kind))
        return target

    def add(
        self,
        paths: list[Path],
        kind: str | None,
        progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
    ) -> IndexSummary:
        self.access.require_corpus_addition()
        if progress is None:
            return self.index.index(paths, kind=kind)
        return self.index.index(paths, kind=kind, progress=progress)

    def remove(self, source: str) -> None:
        self.access.require_configure()
        self.index.remove(source)


class Office:
    """The front of the web assistant for one deployment, as one person (``account``) sees it;
    None is nobody signed in — everyone on a desktop without accounts."""

    def __init__(self, services: Services, account: Account | None = None) -> None:
        self.services = services
        self.account = account
        self.turns = TurnRunner(services.store().chat)

    def as_user(self, account: Account | None) -> Office:
        """The same office for another person (each browser session has its own); the chat
        workers stay the process's."""
        office = copy.copy(self)
        office.account = account
        return office

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def access(self) -> Access:
        return Access(self.services.store(), self.account)

    # --- signing in ---------------------------------------------------------------------

    def accounts_in_use(self) -> bool:
        """Whether anyone must sign in (false on a desktop where no account was made)."""
        return self.services.store().users.exist()

    def sign_in(self, name: str, password: str) -> Account:
        """The account of ``name`` when ``password`` is right; refused in Chinese otherwise."""
        return SignIn(self.services.store().users).with_password(name, password)

    def identified(self, identity: str) -> Account:
        """The account of the person the trusted single sign-on names."""
        return SignIn(self.services.store().users).with_identity(identity)

    def account_named(self, name: str) -> Account | None:
        """The account as it is saved now (None once removed): a session's role follows changes."""
        return self.services.store().users.find(name)

    # --- workspaces -----------------------------------------------------------------------

    def workspaces(self) -> list[Workspace]:
        """Every workspace this person may see, most recently changed first."""
        access = self.access
        return [w for w in self.services.store().workspaces.all() if access.may_see(w.agency)]

    def open(self, agency: str, year: int, *, people_government: bool | None = None) -> Workspace:
        """The workspace of ``agency`` for ``year``, created the first time; whether the agency
        is a 人民政府 comes from its name unless the user states it."""
        self.access.require_edit(agency.strip())
        workspaces = self.services.store().workspaces
        who = infer_agency(agency.strip())
        workspace = workspaces.open(
            agency,
            int(year),
            level=who.level.value if who.level else None,
            is_people_government=who.is_people_government,
        )
        if people_government is not None:
            workspace = workspaces.state_people_government(workspace.id, people_government)
        return workspace

    def default_year(self, today: date | None = None) -> int:
        """The year a new workspace most likely is: the year of the one worked on last, or
        the year staff are drafting by the date."""
        workspaces = self.workspaces()
        return workspaces[0].year if workspaces else drafting_year(today or date.today())

    def desk(self, workspace_id: int) -> Desk:
        """The desk of one workspace this person may see (editing it as their role allows);
        its chat turns run in this office's workers."""
        access = self.access
        access.require_see(self.services.store().workspaces.get(workspace_id).agency)
        return Desk(self.services, workspace_id, self.turns, access=access)

    def review(self, name: str, data: bytes, last: tuple[str, bytes] | None = None) -> Review:
        """A report checked (and compared with last year's) without making a workspace."""
        return review(name, data, last)

    def saved_regions(self) -> list[str]:
        """The regions saved (``gongkai region add``) this person may review on 区域审核:
        every one, or a reviewer's own."""
        access = self.access
        if not access.may_review_regions:
            return []
        names = [saved.name for saved in self.services.store().regions.all()]
        own = access.reviewed_region
        return [name for name in names if own is None or normalized_name(name) == normalized_name(own)]

    def review_region(self, request: RegionRequest, progress: Progress | None = None) -> ReviewedRegion:
        """A region's uploaded reports (and, with a saved region, its members' workspaces
        this person may see) reviewed and summed as one batch; nothing uploaded is kept."""
        access = self.access
        access.require_region_review(request.saved)
        store = self.services.store()
        saved = store.regions.get(request.saved) if request.saved else None
        return review_uploads(
            request, saved=saved, workspaces=store.workspaces, may_see=access.may_see, progress=progress
        )

    def start_county_workspace(
        self, aggregate: Aggregate, agency: str, *, replace: bool = False
    ) -> Workspace:
        """The county's own workspace for the year, opened with the summed figures."""
        self.access.require_create(agency.strip())
        return start_county_workspace(self.services.store().workspaces, aggregate, agency, replace=replace)

    def corpus(self) -> Corpus:
        return Corpus(self.services, self.access)

    def search_notice(self) -> str | None:
        """What the pages say once when search runs on keywords alone (no offline embedding
        for this platform)."""
        from assistant.retrieval.fallback import lexical_only_notice

        return lexical_only_notice(self.settings)

    def save_settings(self, choices: dict[str, object]) -> Path:
        """The 设置 page's choices, except what an environment variable fixes."""
        self.access.require_configure()
        fixed = self.settings.env_overridden()
        return self.settings.save_choices({k: v for k, v in choices.items() if k not in fixed})

    def test_chat_model(self) -> tuple[bool, str]:
        """Send the configured model one short greeting; say in Chinese whether it answered."""
        self.access.require_configure()
        try:
            model = self.services.chat_model()
        except GongkaiError as error:
            return False, error.message
        if model is None:
            return False, "尚未配置大模型：请选择提供方并填写模型名称。不配置时，起草使用离线方式。"
        try:
            answer = model.invoke("你好，请回复“连接正常”。")
        # Any failure of the call (refused, timeout, HTTP 401, a provider's own errors) is
        # reported to the user as it is; the settings page must not crash on a bad endpoint.
        except Exception as error:
            return False, f"连接失败：{model_failure(error)}。"
        reply = str(answer.content).strip().replace("\n", " ")
        return True, f"连接成功，模型回复：{reply[:60]}"
