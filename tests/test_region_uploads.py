"""区域审核 as the web page asks for it: a county's reports uploaded as a zip (or as files),
bounded before they expand, reviewed once, named as uploaded, and nothing left behind."""

from __future__ import annotations

import io
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from region_reports import COUNTY, SECURITY_CELL, YEAR, expected_findings, expected_sum, write_region

from assistant.bootstrap import bootstrap
from assistant.errors import GongkaiError, UnreadableInput
from assistant.readers.archive import entry_name
from assistant.service.office import Office
from assistant.service.region_uploads import RegionRequest, ReviewedRegion, Upload, review_uploads
from assistant.settings import Settings


def zipped(folder: Path, name: str, extra: dict[str, bytes] | None = None) -> Upload:
    """A folder's files as one zip, its entries under the folder's name, as Windows zips them."""
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as package:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                package.write(path, f"{folder.name}/{path.relative_to(folder)}")
        for entry, data in (extra or {}).items():
            package.writestr(entry, data)
    return Upload(name, content.getvalue())


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_region(tmp_path_factory.mktemp("county"))


@pytest.fixture(scope="module")
def reviewed(county: dict[str, Path]) -> ReviewedRegion:
    """The county's 2024 reports and 2023's, each folder zipped, with the list as a .csv."""
    request = RegionRequest(
        reports=(
            zipped(
                county["this_year"],
                "青川县2024.zip",
                {"2024/填报说明.xlsx": b"PK", "2024/.DS_Store": b"\0", "__MACOSX/2024/._清溪镇.txt": b"\0"},
            ),
            Upload("扫描件.png", b"\x89PNG\r\n\x1a\n"),
        ),
        last_year=(zipped(county["last_year"], "青川县2023.zip"),),
        agency_list=Upload("青川县.csv", county["csv"].read_bytes()),
        year=YEAR,
    )
    return review_uploads(request)


class TestTheUploadedRegion:
    def test_a_zipped_folder_gives_each_agency_its_seeded_findings_and_the_missing_one(
        self, reviewed: ReviewedRegion
    ) -> None:
        """Every agency of the zip has exactly its seeded rules; 乔庄镇 of the list is missing."""
        review = reviewed.result.review
        assert {row.agency: tuple(row.rules) for row in review.agencies} == expected_findings()
        assert [member.name for member in review.missing] == ["青川县乔庄镇人民政府"]
        assert review.region == COUNTY

    def test_each_file_is_named_as_it_stands_in_the_zip_never_by_its_staging_path(
        self, reviewed: ReviewedRegion
    ) -> None:
        """Sources, last year's reports and the damaged file's message name the zip's entries."""
        review = reviewed.result.review
        row = review.agency("青川县清溪镇人民政府")
        assert row is not None
        assert (row.source, row.last_year_source) == ("2024/清溪镇.txt", "2023/清溪镇.txt")
        assert [item.source for item in review.unreadable] == ["2024/损坏的文件.docx"]
        assert review.unreadable[0].reason.startswith("2024/损坏的文件.docx：不是有效的 .docx 文件")
        assert "gongkai-region-" not in repr(review.model_dump())

    def test_what_is_no_report_is_skipped_with_a_chinese_line_and_hidden_files_silently(
        self, reviewed: ReviewedRegion
    ) -> None:
        """The spreadsheet in the zip and the image beside it are named; .DS_Store and __MACOSX are not."""
        assert reviewed.left_out == [
            "青川县2024.zip：2024/填报说明.xlsx 不是年报或数字文件（.xlsx），已跳过。",
            "扫描件.png：不是年报、数字文件或 zip 压缩包（.png），已跳过。",
        ]

    def test_the_sum_and_the_documents_come_from_the_one_review(self, reviewed: ReviewedRegion) -> None:
        """The summed cell is the reports' sum; the memo, summary and workbook are real files."""
        import docx
        from openpyxl import load_workbook

        assert reviewed.result.aggregate.totals[SECURITY_CELL] == expected_sum(SECURITY_CELL)
        row = reviewed.result.review.agency("青川县白石乡人民政府")
        assert row is not None
        memo = docx.Document(io.BytesIO(reviewed.memo(row, remarks="请于三日内改正。")))
        text = "\n".join(paragraph.text for paragraph in memo.paragraphs)
        assert "R1" in text and "请于三日内改正。" in text
        assert "审核情况" in docx.Document(io.BytesIO(reviewed.summary())).paragraphs[0].text
        assert "表三" in load_workbook(io.BytesIO(reviewed.workbook())).sheetnames

    def test_the_staged_files_are_gone_when_the_review_returns(
        self, county: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Nothing of the uploads stays in the temporary folder."""
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        request = RegionRequest(
            reports=(Upload("清溪镇.txt", (county["this_year"] / "清溪镇.txt").read_bytes()),)
        )
        review = review_uploads(request).result.review
        assert review.agencies[0].source == "清溪镇.txt"
        assert review.region == "（未命名地区）"
        assert not [path for path in tmp_path.iterdir() if path.name.startswith("gongkai-")]


class TestTheZipLimits:
    def test_a_zip_bomb_is_refused_before_anything_expands(self) -> None:
        """A 200 KB zip whose one report would expand to 30 MB is refused at once, in Chinese."""
        content = io.BytesIO()
        with (
            zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as package,
            package.open("2024/清溪镇.txt", "w", force_zip64=True) as member,
        ):
            for _ in range(30):
                member.write(b"\0" * (1024 * 1024))
        upload = Upload("青川县.zip", content.getvalue())
        assert len(upload.data) < 256 * 1024
        started = time.perf_counter()
        with pytest.raises(
            UnreadableInput, match=r"^青川县\.zip：其中的 2024/清溪镇\.txt 压缩比异常.*压缩炸弹"
        ):
            review_uploads(RegionRequest(reports=(upload,), year=YEAR))
        assert time.perf_counter() - started < 2

    def test_a_zip_of_too_many_entries_is_refused(self) -> None:
        """More entries than a .docx may hold is refused, whatever they are."""
        content = io.BytesIO()
        with zipfile.ZipFile(content, "w") as package:
            for number in range(5001):
                package.writestr(f"{number}.txt", b"")
        with pytest.raises(UnreadableInput, match=r"^多\.zip：压缩包内文件过多（5001 个）"):
            review_uploads(RegionRequest(reports=(Upload("多.zip", content.getvalue()),)))

    def test_a_zip_with_no_report_in_it_is_refused_saying_what_was_skipped(self) -> None:
        """Only spreadsheets and pictures: nothing to review, and each file is named."""
        content = io.BytesIO()
        with zipfile.ZipFile(content, "w") as package:
            package.writestr("统计表.xlsx", b"PK")
            package.writestr("照片.jpg", b"\xff\xd8")
        with pytest.raises(GongkaiError, match=r"没有可审核的年报.*统计表\.xlsx.*已跳过.*照片\.jpg"):
            review_uploads(RegionRequest(reports=(Upload("材料.zip", content.getvalue()),)))

    def test_a_file_that_is_no_zip_is_named(self) -> None:
        """A .zip that is something else is refused naming it."""
        with pytest.raises(UnreadableInput, match=r"^坏\.zip：不是有效的 zip 压缩包"):
            review_uploads(RegionRequest(reports=(Upload("坏.zip", b"not a zip"),)))

    def test_chinese_names_windows_wrote_without_the_utf8_flag_read_as_typed(self) -> None:
        """An entry named in GBK (Windows' own 压缩) reads as 清溪镇.txt, not as code page 437."""
        content = io.BytesIO()
        with zipfile.ZipFile(content, "w") as package:
            package.writestr("abcdef.txt", b"x")
        data = content.getvalue().replace(b"abcdef.txt", "清溪镇.txt".encode("gbk"))
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            assert [entry_name(member) for member in package.infolist()] == ["清溪镇.txt"]


class TestTheRequest:
    def test_the_same_uploads_give_the_same_key_and_another_year_another(self) -> None:
        """The page reviews a set of uploads once: the key follows the files and the choices."""
        one = RegionRequest(reports=(Upload("a.txt", b"1"),), year=2024)
        assert one.key == RegionRequest(reports=(Upload("a.txt", b"1"),), year=2024).key
        assert one.key != RegionRequest(reports=(Upload("a.txt", b"2"),), year=2024).key
        assert one.key != RegionRequest(reports=(Upload("a.txt", b"1"),), year=2023).key
        assert one.key != RegionRequest(last_year=(Upload("a.txt", b"1"),), year=2024).key


class TestTheOffice:
    def test_a_saved_regions_member_workspaces_are_reviewed_and_start_the_countys(
        self, tmp_path: Path
    ) -> None:
        """A saved region's member workspaces are its reports; their sum opens the county's workspace."""
        from assistant.domain.region import Member, Region

        office = Office(bootstrap(Settings(data_dir=tmp_path)))
        store = office.services.store()
        store.regions.save(Region(name=COUNTY, members=[Member(name="清溪镇"), Member(name="白石乡")]))
        workspace = office.open("青川县清溪镇人民政府", YEAR)
        store.workspaces.save_figures(
            workspace.id, {"t3.new.natural": 2}, base_version=workspace.figures_version
        )
        assert office.saved_regions() == [COUNTY]
        result = office.review_region(RegionRequest(saved=COUNTY, member_workspaces=True, year=YEAR)).result
        assert [row.source for row in result.review.agencies] == [f"@青川县清溪镇人民政府/{YEAR}"]
        assert [member.name for member in result.review.missing] == ["白石乡"]
        county = office.start_county_workspace(result.aggregate, "青川县人民政府")
        assert county.figures["t3.new.natural"] == 2


class TestRolesOnTheRegionReview:
    QINGXI = "青川县清溪镇人民政府"
    TAIBAI = "江油市太白镇人民政府"

    @pytest.fixture
    def office(self, tmp_path: Path) -> Office:
        """青川县 saved with 清溪镇 and a member listed only as 太白镇; both towns have a 2024
        workspace with figures, the 太白镇 of 江油市 too; 江油市 is saved as well."""
        from assistant.domain.region import Member, Region

        office = Office(bootstrap(Settings(data_dir=tmp_path)))
        store = office.services.store()
        store.regions.save(Region(name=COUNTY, members=[Member(name=self.QINGXI), Member(name="太白镇")]))
        store.regions.save(Region(name="江油市", members=[Member(name=self.TAIBAI)]))
        for agency in (self.QINGXI, self.TAIBAI):
            workspace = office.open(agency, YEAR)
            store.workspaces.save_figures(
                workspace.id, {"t3.new.natural": 1}, base_version=workspace.figures_version
            )
        return office

    def account(self, office: Office, role: str) -> Office:
        from assistant.store.users import Role

        users = office.services.store().users
        scope = (
            {"region": COUNTY} if role == "审核人" else {"agency": self.QINGXI} if role == "编写人" else {}
        )
        return office.as_user(users.add(role, Role(role), password="清溪-2024-secret", **scope))

    def test_a_reviewer_reviews_their_region_and_only_the_workspaces_they_may_see(
        self, office: Office
    ) -> None:
        """Only 青川县 is offered; 江油市's 太白镇, matched loosely by the list's 太白镇, is not read."""
        theirs = self.account(office, "审核人")
        assert theirs.saved_regions() == [COUNTY]
        review = theirs.review_region(
            RegionRequest(saved=COUNTY, member_workspaces=True, year=YEAR)
        ).result.review
        assert [row.agency for row in review.agencies] == [self.QINGXI]
        assert [member.name for member in review.missing] == ["太白镇"]

    def test_a_reviewer_cannot_review_another_region_nor_start_the_countys_workspace(
        self, office: Office
    ) -> None:
        """江油市 is refused by name; the sum of their own region writes no workspace."""
        from assistant.errors import NotPermitted

        theirs = self.account(office, "审核人")
        with pytest.raises(NotPermitted, match="您只能审核本人负责的地区（青川县）"):
            theirs.review_region(RegionRequest(saved="江油市", member_workspaces=True, year=YEAR))
        aggregate = theirs.review_region(RegionRequest(saved=COUNTY, member_workspaces=True, year=YEAR))
        with pytest.raises(NotPermitted, match="您是审核人"):
            theirs.start_county_workspace(aggregate.result.aggregate, "青川县人民政府")

    def test_a_writer_has_no_region_review(self, office: Office) -> None:
        """No saved region is offered to a 编写人 and the review is refused in Chinese."""
        from assistant.errors import NotPermitted

        theirs = self.account(office, "编写人")
        assert theirs.saved_regions() == []
        with pytest.raises(NotPermitted, match="区域审核只对审核人和管理员开放"):
            theirs.review_region(RegionRequest(reports=(Upload("a.txt", b"x"),), year=YEAR))
