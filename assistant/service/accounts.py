"""Who may do what on a shared server, decided here for every page and the chat alike.

A desktop has no accounts, and then everyone may do everything, as before accounts
existed.  Once one account exists, nobody who has not signed in may do anything, and:

- a 编写人 sees, creates and edits only the workspaces of their own agency;
- a 审核人 reads (and comments on) the workspaces of the agencies of their region — the
  members of the saved region named in their account — and changes nothing; the 区域审核
  page reviews their region (and reports they upload), not another saved one;
- a 管理员 sees and changes everything, the settings too.

Repeated wrong passwords for one account make it wait before the next try: nothing for the
first few, then a wait that doubles with each failure, up to a minute.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cached_property

from assistant.domain.region import normalized_name
from assistant.errors import GongkaiError, NotPermitted
from assistant.store import Store
from assistant.store.users import Account, Role, Users

TYPED = "用户"
"""The author of a text typed by the person at the desk (a draft or an import is named so)."""
WRONG_PASSWORD = "用户名或密码不正确。"
FREE_FAILURES = 3
MAX_WAIT = timedelta(seconds=60)


class Access:
    """What one person (``account``; None when nobody has signed in) may see and change."""

    def __init__(self, store: Store, account: Account | None) -> None:
        self.store = store
        self.account = account
        # Asked once: a desk's checks within one page run need not ask the database again.
        self.accounts_in_use = account is not None or store.users.exist()

    @property
    def unrestricted(self) -> bool:
        """A desktop without accounts, or an administrator."""
        if self.account is None:
            return not self.accounts_in_use
        return self.account.role is Role.ADMIN

    @cached_property
    def region_agencies(self) -> frozenset[str]:
        """The agencies a reviewer reviews: the members of their saved region, as saved now
        (none while the region is not saved)."""
        name = self.account.region if self.account is not None else None
        if name is None:
            return frozenset()
        try:
            members = self.store.regions.get(name).region.members
        except GongkaiError:
            return frozenset()
        return frozenset(normalized_name(member.name) for member in members)

    def _own(self, agency: str) -> bool:
        """Whether ``agency`` is the writer's own (spaces in either name do not matter)."""
        own = self.account.agency if self.account is not None else None
        return own is not None and normalized_name(agency) == normalized_name(own)

    def may_see(self, agency: str) -> bool:
        if self.unrestricted:
            return True
        if self.account is None:
            return False
        if self.account.role is Role.WRITER:
            return self._own(agency)
        # By the whole name: a review's looser matching (清溪镇 ↔ 青川县清溪镇人民政府) would
        # also open a town of the same name in another county.
        return normalized_name(agency) in self.region_agencies

    def may_edit(self, agency: str) -> bool:
        if self.unrestricted:
            return True
        return self.account is not None and self.account.role is Role.WRITER and self._own(agency)

    @property
    def may_create(self) -> bool:
        """Whether this person may start a workspace (a writer: for their own agency only)."""
        return self.unrestricted or (self.account is not None and self.account.role is Role.WRITER)

    @property
    def may_review_regions(self) -> bool:
        """The 区域审核 page: administrators, and reviewers for their own region."""
        return self.unrestricted or (self.account is not None and self.account.role is Role.REVIEWER)

    @property
    def reviewed_region(self) -> str | None:
        """The saved region a reviewer reviews; None for anyone else."""
        account = self.account
        return account.region if account is not None and account.role is Role.REVIEWER else None

    @property
    def may_configure(self) -> bool:
        """The 设置 page and the accounts."""
        return self.unrestricted

    @property
    def may_add_to_corpus(self) -> bool:
        """Writers add their agency's past reports; removing is the administrator's."""
        return self.may_create

    def _refusal(self, agency: str | None = None) -> NotPermitted:
        account = self.account
        if account is None:
            return NotPermitted("请先登录。")
        if account.role is Role.REVIEWER:
            if agency is not None and normalized_name(agency) not in self.region_agencies:
                return NotPermitted(f"“{agency}”不在您审核的地区（{account.region}）内。")
            return NotPermitted("您是审核人，只能查看和批注年报，不能修改。")
        if account.role is Role.WRITER and agency is not None and not self._own(agency):
            return NotPermitted(f"您只能查看和编辑本机关（{account.agency}）的年报。")
        return NotPermitted("只有管理员可以进行此项操作。")

    def require_see(self, agency: str) -> None:
        if not self.may_see(agency):
            raise self._refusal(agency)

    def require_edit(self, agency: str) -> None:
        if not self.may_edit(agency):
            raise self._refusal(agency)

    def require_region_review(self, region: str | None) -> None:
        """Refuse the 区域审核 to a writer, and to a reviewer a saved region not their own
        (reports they upload themselves they may review, as 审核一份年报 allows)."""
        if not self.may_review_regions:
            if self.account is None:
                raise self._refusal()
            raise NotPermitted("区域审核只对审核人和管理员开放。")
        own = self.reviewed_region
        if own is not None and region is not None and normalized_name(region) != normalized_name(own):
            raise NotPermitted(f"您只能审核本人负责的地区（{own}）。")

    def require_create(self, agency: str) -> None:
        """Refuse a new workspace of ``agency`` to whoever may not start one, or not this one."""
        if not self.may_create:
            raise self._refusal()
        self.require_edit(agency)

    def require_configure(self) -> None:
        if not self.may_configure:
            raise self._refusal()

    def require_corpus_addition(self) -> None:
        if not self.may_add_to_corpus:
            raise self._refusal()

    def author(self, how: str = TYPED) -> str:
        """The name a saved version is recorded under: the person's, with how the text came
        when it is not their own typing ("王芳（助手）"); without accounts, how it came."""
        if self.account is None:
            return how
        return self.account.name if how == TYPED else f"{self.account.name}（{how}）"


class SignIn:
    """Signing in with a password, or as the organisation's single sign-on names someone."""

    def __init__(self, users: Users, clock: Callable[[], datetime] | None = None) -> None:
        self.users = users
        self.clock = clock or (lambda: datetime.now(UTC))

    def wait_left(self, name: str) -> timedelta:
        """How long the account must wait before its next try, after repeated failures."""
        failures = self.users.failures(name)
        if failures.count < FREE_FAILURES or not failures.last_at:
            return timedelta(0)
        wait = min(timedelta(seconds=2 ** (failures.count - FREE_FAILURES)), MAX_WAIT)
        return max(datetime.fromisoformat(failures.last_at) + wait - self.clock(), timedelta(0))

    def with_password(self, name: str, password: str) -> Account:
        name = name.strip()
        if not name or not password:
            raise NotPermitted("请填写用户名和密码。")
        if (left := self.wait_left(name)) > timedelta(0):
            raise NotPermitted(f"登录失败次数过多，请 {math.ceil(left.total_seconds())} 秒后再试。")
        account = self.users.verify(name, password)
        if account is None:
            self.users.record_failure(name, self.clock().isoformat(timespec="microseconds"))
            raise NotPermitted(WRONG_PASSWORD)
        self.users.clear_failures(name)
        return account

    def with_identity(self, identity: str) -> Account:
        """The account of the name a trusted reverse proxy (or OIDC) vouches for."""
        account = self.users.identified(identity.strip())
        if account is None:
            raise NotPermitted(f"统一身份认证的用户“{identity.strip()}”尚未开通本系统的账户，请联系管理员。")
        return account
