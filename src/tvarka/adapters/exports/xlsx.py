"""XLSX for a person: one sheet per record plus the organisation sheet, frozen headings, wrapped text."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tvarka.adapters.exports.labels import text
from tvarka.adapters.exports.record import Header, Table

_WIDTHS = {"no": 6, "activity": 18, "role": 16, "dpia": 28, "controller": 30}
_WIDE = 48
_HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
_HEAD_FONT = Font(bold=True, color="FFFFFF")
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _sheet_title(table: Table) -> str:
    return "Art. 30(1)" if table.kind.value == "controller" else "Art. 30(2)"


def _write_table(ws: Worksheet, table: Table) -> None:
    ws.append([heading for _, heading in table.columns])
    for cell in ws[1]:
        cell.fill, cell.font, cell.border = _HEAD_FILL, _HEAD_FONT, _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[1].height = 45
    for row in table.rows:
        ws.append([row[key] for key, _ in table.columns])
    if not table.rows:
        ws.append([text("no_activities", "lt" if table.title.startswith("Duomenų") else "en")])
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            cell.alignment, cell.border = _WRAP, _BORDER
    for index, (key, _) in enumerate(table.columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(key, _WIDE)
    for r, row in enumerate(table.rows, 2):
        tallest = max(_wrapped_lines(row[key], _WIDTHS.get(key, _WIDE)) for key, _ in table.columns)
        ws.row_dimensions[r].height = min(409, 13 * tallest + 6)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(2, len(table.rows) + 1)}"
    ws.sheet_view.zoomScale = 90
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = "1:1"  # a printed page repeats the headings and the activity
    ws.print_title_cols = "A:C"


def _fit_to_page_width(ws: Worksheet) -> None:
    """Print on A4 landscape, all columns on one page width, as many pages down as needed."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _wrapped_lines(value: str, width: float) -> int:
    """How many lines a cell needs at this column width (Excel will not size rows itself)."""
    per_line = max(1, int(width * 1.25))
    return sum(max(1, -(-len(line) // per_line)) for line in value.split("\n"))


def _write_header(ws: Worksheet, header: Header, titles: list[str]) -> None:
    lang = header.lang
    ws.append([text("organisation", lang)])
    for title in titles:
        ws.append([title])
    for name, value in header.fields:
        ws.append([name, value])
    ws.append([text("generated", lang), header.generated.isoformat()])
    ws.append([])
    ws.append([text("general_security", lang)])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    for measure in header.general_security:
        ws.append(["", measure])
    ws.append([])
    ws.append([text("citations", lang)])
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 110
    for row_cells in ws.iter_rows():
        for cell in row_cells:
            cell.alignment = _WRAP
        if row_cells[0].value:
            row_cells[0].font = Font(bold=True)
        second = row_cells[1].value if len(row_cells) > 1 else None
        if second:
            ws.row_dimensions[row_cells[0].row].height = 15 * _wrapped_lines(str(second), 110) + 4
    _fit_to_page_width(ws)
    ws["A1"].font = Font(bold=True, size=14)


def render_xlsx(header: Header, tables: list[Table]) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = text("organisation", header.lang)
    _write_header(first, header, [t.title for t in tables])
    for table in tables:
        _write_table(book.create_sheet(_sheet_title(table)), table)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
