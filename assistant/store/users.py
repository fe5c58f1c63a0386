"""The accounts of a shared server: who each person is, their role, and their password hash.

A desktop has none and needs none.  Once one account exists the web app asks everyone to
sign in.  Passwords are kept only as Argon2id hashes (argon2-cffi's ``PasswordHasher``,
with its own salt per hash), never as typed; an old hash is replaced on the next sign-in
when the library's recommended parameters have grown since.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assistant.errors import GongkaiError
from assistant.store.database import Database, now

MIN_PASSWORD_LENGTH = 8
MAX_NAME_LENGTH = 64


class Role(StrEnum):
    """What a person does with the reports."""

    WRITER = "编写人"
    """Drafts their own agency's reports."""
    REVIEWER = "审核人"
    """Reads (and comments on) the reports of the agencies of a region."""
    ADMIN = "管理员"
    """Everything, the settings and the accounts too."""


@dataclass(frozen=True)
class Account:
    """One person who may sign in."""

    name: str
    role: Role
    agency: str | None = None
    """The agency a 编写人 writes for."""
    region: str | None = None
    """The saved region whose agencies a 审核人 reviews."""
    identity: str | None = None
    """The name the organisation's single sign-on gives this person, when it differs."""
    has_password: bool = True
    created_at: str = ""

    @property
    def label(self) -> str:
        """How the sidebar and ``users list`` name the account: name, role and scope."""
        scope = self.agency or (f"@{self.region}" if self.region else "")
        return f"{self.name}（{self.role.value}{'，' + scope if scope else ''}）"


@dataclass(frozen=True)
class Failures:
    """Consecutive failed sign-ins of one account since its last success."""

    count: int = 0
    last_at: str = ""


_ROLE_ORDER = f"CASE role WHEN '{Role.ADMIN.value}' THEN 0 WHEN '{Role.REVIEWER.value}' THEN 1 ELSE 2 END"
_COLUMNS = "name, role, agency, region, identity, password_hash IS NOT NULL, created_at"


def _account(row: tuple[object, ...]) -> Account:
    name, role, agency, region, identity, has_password, created_at = row
    return Account(
        str(name),
        Role(str(role)),
        str(agency) if agency else None,
        str(region) if region else None,
        str(identity) if identity else None,
        bool(has_password),
        str(created_at),
    )


def _checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise GongkaiError(f"密码至少 {MIN_PASSWORD_LENGTH} 位。")
    if password != password.strip():
        raise GongkaiError("密码的开头和结尾不能是空格。")
    return password


class Users:
    """Every account of one database."""

    def __init__(self, database: Database, hasher: PasswordHasher | None = None) -> None:
        self.database = database
        self.hasher = hasher or PasswordHasher()

    def add(
        self,
        name: str,
        role: Role,
        *,
        password: str | None,
        agency: str | None = None,
        region: str | None = None,
        identity: str | None = None,
    ) -> Account:
        """A new account; ``password`` None makes one that signs in only through the
        organisation's single sign-on."""
        name = name.strip()
        if not name or len(name) > MAX_NAME_LENGTH:
            raise GongkaiError(f"请填写用户名（不超过 {MAX_NAME_LENGTH} 个字）。")
        agency = (agency or "").strip() or None
        region = (region or "").strip().removeprefix("@").strip() or None
        if role is Role.WRITER and (agency is None or region is not None):
            raise GongkaiError("编写人须用 --agency 写明所在机关（如 青川县清溪镇人民政府），不设地区。")
        if role is Role.REVIEWER and (region is None or agency is not None):
            raise GongkaiError("审核人须用 --region 写明审核的地区（用 gongkai region add 保存的地区名称）。")
        if role is Role.ADMIN and (agency or region):
            raise GongkaiError("管理员可查看全部工作区，不设机关或地区。")
        hashed = self.hasher.hash(_checked_password(password)) if password is not None else None
        with self.database.transaction() as db:
            if db.execute("SELECT 1 FROM user WHERE name = ?", (name,)).fetchone():
                raise GongkaiError(f"用户“{name}”已存在。改密码用 gongkai users password {name}。")
            if identity and db.execute("SELECT 1 FROM user WHERE identity = ?", (identity,)).fetchone():
                raise GongkaiError(f"统一身份“{identity}”已对应另一个用户。")
            db.execute(
                "INSERT INTO user (name, role, agency, region, identity, password_hash, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, role.value, agency, region, identity or None, hashed, now()),
            )
        return self.get(name)

    def find(self, name: str) -> Account | None:
        row = self.database.row(f"SELECT {_COLUMNS} FROM user WHERE name = ?", (name.strip(),))
        return _account(row) if row else None

    def get(self, name: str) -> Account:
        account = self.find(name)
        if account is None:
            raise GongkaiError(f"找不到用户“{name}”。可用 gongkai users list 查看已有的用户。")
        return account

    def identified(self, identity: str) -> Account | None:
        """The account the single sign-on's name stands for: the one recorded for it, else
        the account of that name."""
        row = self.database.row(f"SELECT {_COLUMNS} FROM user WHERE identity = ?", (identity,))
        return _account(row) if row else self.find(identity)

    def all(self) -> list[Account]:
        return [
            _account(row)
            for row in self.database.rows(f"SELECT {_COLUMNS} FROM user ORDER BY {_ROLE_ORDER}, name")
        ]

    def exist(self) -> bool:
        """Whether any account exists: the web app asks for sign-in from then on."""
        return self.database.row("SELECT 1 FROM user LIMIT 1") is not None

    def remove(self, name: str) -> None:
        self.get(name)
        self.database.write("DELETE FROM user WHERE name = ?", (name.strip(),))

    def set_password(self, name: str, password: str) -> None:
        """A new password (and a clean slate of failed sign-ins)."""
        hashed = self.hasher.hash(_checked_password(password))
        self.get(name)
        self.database.write(
            "UPDATE user SET password_hash = ?, failures = 0, failed_at = NULL WHERE name = ?",
            (hashed, name.strip()),
        )

    def verify(self, name: str, password: str) -> Account | None:
        """The account when ``password`` is its password, else None.  An unknown name costs
        the same hashing as a known one, so that timing does not tell which names exist."""
        row = self.database.row("SELECT password_hash FROM user WHERE name = ?", (name.strip(),))
        stored = row[0] if row else None
        try:
            self.hasher.verify(stored or _UNUSABLE_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if stored is None:
            return None
        if self.hasher.check_needs_rehash(stored):
            self.database.write(
                "UPDATE user SET password_hash = ? WHERE name = ?", (self.hasher.hash(password), name.strip())
            )
        return self.find(name)

    def failures(self, name: str) -> Failures:
        row = self.database.row("SELECT failures, failed_at FROM user WHERE name = ?", (name.strip(),))
        return Failures(row[0], row[1] or "") if row else Failures()

    def record_failure(self, name: str, at: str) -> None:
        self.database.write(
            "UPDATE user SET failures = failures + 1, failed_at = ? WHERE name = ?", (at, name.strip())
        )

    def clear_failures(self, name: str) -> None:
        self.database.write("UPDATE user SET failures = 0, failed_at = NULL WHERE name = ?", (name.strip(),))


# A well-formed Argon2id hash of a random password nobody knows: verified against when the
# name is unknown or the account has no password (single sign-on only), so that it fails
# after the same work as a wrong password.
_UNUSABLE_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$PfUDNhacXpADUvPcMCJejQ$VLCsenTLCcEICXZE/5FyBA2lkoOdNRC9N6FifpKzshE"
)
