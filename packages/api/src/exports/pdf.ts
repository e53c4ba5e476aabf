/**
 * PDF writer (pdfkit): an A4 landscape table with the title, filters and column headers on every page and
 * "Rows a-b of N ... Page n of N" at the bottom. One row per line (cells too long for their column end in an
 * ellipsis), so the page count follows from the row count before the first row is drawn and every page is
 * written out as soon as it is full: memory stays flat (pdfkit keeping pages to number them at the end
 * held ~22 MB per 1,000 rows). A PDF is for reading and printing, so it stops at EXPORT_MAX_PDF_ROWS rows
 * and says so on its first page and in the job (the CSV has every row).
 * The standard Helvetica font covers Latin-1 (WinAnsi): other characters are printed as '?'.
 */
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { Cell, ExportColumn, RowSource } from './sources/source.ts';
import type { ExportWriter, WriteOptions } from './writer.ts';

const MARGIN = 28;
const FONT_SIZE = 7.5;
const ROW_HEIGHT = 13;
const CELL_PADDING = 3;
const FOOTER_HEIGHT = 18;

// WinAnsi: printable ASCII, Latin-1 and the CP1252 punctuation pdfkit maps
const NOT_WIN_ANSI = /[^\x20-\x7E\xA0-\xFF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/gu;

export const printable = (text: string): string => text.replace(/[\r\n\t]+/g, ' ').replace(NOT_WIN_ANSI, '?');

interface Layout {
  columns: { index: number; header: string; x: number; width: number }[];
  tableWidth: number;
}

function layout(columns: readonly ExportColumn[], pageWidth: number): Layout {
  const shown = columns.map((c, index) => ({ ...c, index })).filter((c) => c.width > 0);
  const total = shown.reduce((sum, c) => sum + c.width, 0);
  const tableWidth = pageWidth - 2 * MARGIN;
  let x = MARGIN;
  return {
    tableWidth,
    columns: shown.map((c) => {
      const width = (c.width / total) * tableWidth;
      const col = { index: c.index, header: c.header, x, width };
      x += width;
      return col;
    }),
  };
}

const ISO_INSTANT = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/;

/** Instants print as "YYYY-MM-DD hh:mm:ss" (UTC, as the column headers say): the CSV keeps milliseconds. */
function cellText(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const instant = ISO_INSTANT.exec(value);
  return instant ? `${instant[1]} ${instant[2]}` : printable(value);
}

export const pdfWriter: ExportWriter = {
  format: 'pdf',
  contentType: 'application/pdf',
  extension: 'pdf',
  async write(source: RowSource, out: Writable, opts: WriteOptions) {
    // no bufferPages: each page is written out (and its memory freed) as soon as the next one starts
    const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: MARGIN, compress: true, info: { Title: printable(source.title), Creator: 'Sentinel' } });
    doc.pipe(out);
    const done = finished(out);
    done.catch(() => undefined); // awaited below; an early failure must not go unhandled meanwhile
    const grid = layout(source.columns, doc.page.width);
    const bottom = doc.page.height - MARGIN - FOOTER_HEIGHT;
    const generatedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const capped = opts.totalRows > opts.maxRows;
    const planned = Math.min(opts.totalRows, opts.maxRows);

    // rows per page are fixed (one line each), so the page count is known before the first row
    const bodyTop = (first: boolean) => MARGIN + 30 + (first && capped ? 12 : 0) + ROW_HEIGHT;
    const perFirst = Math.floor((bottom - bodyTop(true)) / ROW_HEIGHT);
    const perOther = Math.floor((bottom - bodyTop(false)) / ROW_HEIGHT);
    const pageCount = planned <= perFirst ? 1 : 1 + Math.ceil((planned - perFirst) / perOther);

    /** cuts text to the width, ending in an ellipsis */
    const fit = (text: string, width: number): string => {
      const room = width - 2 * CELL_PADDING;
      if (doc.widthOfString(text) <= room) return text;
      let lo = 0;
      let hi = text.length;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (doc.widthOfString(`${text.slice(0, mid)}…`) <= room) lo = mid;
        else hi = mid - 1;
      }
      return `${text.slice(0, lo)}…`;
    };

    const line = (text: string, x: number, top: number) => doc.text(text, x, top, { lineBreak: false });

    let y = 0;
    let page = 1;
    let rows = 0;
    let pageFirstRow = 1;
    const header = (first: boolean) => {
      doc.font('Helvetica-Bold').fontSize(13).fillColor('#000');
      line(printable(source.title), MARGIN, MARGIN);
      doc.font('Helvetica').fontSize(8).fillColor('#444');
      line(printable(`${source.subtitle}. Generated ${generatedAt}.`), MARGIN, MARGIN + 18);
      y = MARGIN + 30;
      if (first && capped) {
        doc.font('Helvetica-Bold').fillColor('#a00');
        line(`Showing the first ${opts.maxRows.toLocaleString('en')} of ${opts.totalRows.toLocaleString('en')} rows: PDF exports stop at EXPORT_MAX_PDF_ROWS. Export CSV for every row.`, MARGIN, y);
        y += 12;
      }
      doc.rect(MARGIN, y, grid.tableWidth, ROW_HEIGHT).fill('#e6e6e6');
      doc.font('Helvetica-Bold').fontSize(FONT_SIZE).fillColor('#000');
      for (const c of grid.columns) line(fit(c.header, c.width), c.x + CELL_PADDING, y + 3.5);
      y += ROW_HEIGHT;
      doc.font('Helvetica').fontSize(FONT_SIZE);
    };
    const footer = () => {
      doc.page.margins.bottom = 0; // writing in the bottom margin must not start a new page
      doc.font('Helvetica').fontSize(7).fillColor('#666');
      const top = doc.page.height - MARGIN - 8;
      if (rows >= pageFirstRow) line(`Rows ${pageFirstRow.toLocaleString('en')}–${rows.toLocaleString('en')} of ${opts.totalRows.toLocaleString('en')}`, MARGIN, top);
      doc.text(`Page ${page} of ${pageCount}`, MARGIN, top, { lineBreak: false, width: grid.tableWidth, align: 'right' });
    };
    const nextPage = () => {
      footer();
      doc.addPage();
      page += 1;
      pageFirstRow = rows + 1;
      header(false);
    };

    header(true);
    let truncated = false;
    if (planned === 0) line('No records match these filters.', MARGIN + CELL_PADDING, y + 3.5);
    outer: for await (const batch of source.batches(Math.min(opts.batchSize, planned + 1))) {
      for (const cells of batch) {
        if (rows >= planned) {
          truncated = true; // past the cap (or rows added since the count, on the embedded database)
          break outer;
        }
        if (y + ROW_HEIGHT > bottom) nextPage();
        if (rows % 2 === 1) doc.rect(MARGIN, y, grid.tableWidth, ROW_HEIGHT).fill('#f5f5f5').fillColor('#000');
        for (const c of grid.columns) line(fit(cellText(cells[c.index] ?? null), c.width), c.x + CELL_PADDING, y + 3.5);
        y += ROW_HEIGHT;
        rows += 1;
      }
      await opts.onProgress(rows);
    }
    // fewer rows than counted (removed meanwhile, on the embedded database): keep "Page n of N" true
    while (page < pageCount) {
      nextPage();
      line('No further records: some changed while this export was written.', MARGIN + CELL_PADDING, y + 3.5);
    }
    footer();
    doc.end();
    await done;
    return { rows, truncated };
  },
};
