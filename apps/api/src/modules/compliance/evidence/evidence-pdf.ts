import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { ControlStatus } from '@kubeward/rules';
import type { EvidenceControl, EvidenceDocument } from './evidence-document';

/**
 * DejaVu, embedded: PDF's standard fonts cover Latin-1 only, and names, reasons and messages come
 * from users and clusters in any script. From the package, nothing from the system. Always named
 * by path, never registered under another name nor given as bytes: PDFKit's tables restore the
 * font after every cell by its source, and find a parsed font again only under the name it was
 * first set by (any other way, the font file is parsed again for every cell: a minute a report).
 */
let fonts: { regular: string; bold: string } | undefined;
function dejaVu() {
  if (!fonts) {
    const dir = path.join(path.dirname(createRequire(__filename).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fonts = { regular: path.join(dir, 'DejaVuSans.ttf'), bold: path.join(dir, 'DejaVuSans-Bold.ttf') };
  }
  return fonts;
}

const STATUS_COLOUR: Record<ControlStatus, string> = {
  FAIL: '#a61e1e',
  ACCEPTED_RISK: '#9c4600',
  NOT_EVALUABLE: '#444444',
  PASS: '#066649',
  MANUAL: '#444444',
};
const STATUS_WORDS: Record<ControlStatus, string> = {
  FAIL: 'Fail',
  ACCEPTED_RISK: 'Accepted risk',
  NOT_EVALUABLE: 'Not evaluable',
  PASS: 'Pass',
  MANUAL: 'Manual',
};

const GREY = '#555555';
const RULE = '#bbbbbb';
const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
const day = (d: Date) => d.toISOString().slice(0, 10);
const resource = (r: { namespace: string | null; kind: string; name: string; container: string | null }) =>
  `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}${r.container ? ` (container ${r.container})` : ''}`;

/**
 * The document as a PDF an auditor reads on paper: the cover (organisation, framework and version,
 * the moment, the clusters and the summary), every control's status in one table, then each
 * control's detail — its requirement and source, the clusters' statuses, the failing resources and
 * the accepted risks with owners and expiry. Its dates are the moment's, never the clock's, so the
 * same document gives the same bytes.
 */
export async function evidencePdf(doc: EvidenceDocument): Promise<Buffer> {
  const title = `${doc.framework.name} ${doc.framework.version}`;
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 50, right: 50 },
    bufferPages: true,
    compress: true,
    displayTitle: true,
    lang: 'en',
    info: {
      Title: `Compliance evidence: ${title}, ${doc.organization.name}, ${iso(doc.at)}`,
      Author: doc.organization.name,
      Subject: `${title} at ${iso(doc.at)}`,
      Creator: 'Kubeward',
      Producer: 'Kubeward (PDFKit)',
      CreationDate: doc.at,
      ModDate: doc.at,
    },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const { regular, bold } = dejaVu();
  const width = pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
  const left = pdf.page.margins.left;

  const heading = (text: string, size = 13) => {
    pdf.moveDown(0.8).font(bold).fontSize(size).fillColor('black').text(text, left, undefined, { width });
    pdf.moveDown(0.3).font(regular).fontSize(9);
  };
  const para = (text: string, colour = 'black') =>
    pdf.font(regular).fontSize(9).fillColor(colour).text(text, left, undefined, { width });
  /** A column as wide as its widest cell (header included), within bounds: ids and dates stay whole. */
  const fit = (cells: string[], most = 170) => {
    let widest = 0;
    pdf.font(bold).fontSize(8);
    for (const c of cells) widest = Math.max(widest, pdf.widthOfString(c));
    return Math.min(most, Math.ceil(widest) + 10);
  };
  const table = (columns: (number | string)[], header: string[] | null, rows: string[][], size = 8) => {
    // Cells take the current font: a header cell names its own.
    pdf.font(regular).fontSize(size).fillColor('black');
    pdf.table({
      position: { x: left },
      maxWidth: width,
      columnStyles: columns,
      defaultStyle: { border: 0.5, borderColor: RULE, padding: [3, 4] } as never,
      data: [
        ...(header ? [header.map((text) => ({ text, font: { src: bold, size }, type: 'TH' as const }))] : []),
        ...rows,
      ],
    });
    pdf.moveDown(0.4);
  };

  // Cover.
  pdf.font(bold).fontSize(20).text('Compliance evidence', left, undefined, { width });
  pdf.font(regular).fontSize(14).text(title, { width });
  pdf.moveDown(0.8);
  const s = doc.summary;
  table(
    [100, '*'],
    null,
    [
      ['Organisation', doc.organization.name],
      ['Framework', `${title} (${doc.framework.id}), ${doc.framework.publisher}, ${doc.framework.url}`],
      ['Moment described', `${iso(doc.at)} (UTC)`],
      ['Clusters', String(doc.clusters.length)],
      ['Compliance', s.percentage === null ? 'no control was evaluable' : `${s.percentage}% of evaluable controls`],
      [
        'Controls',
        `${s.pass} pass, ${s.fail} fail, ${s.acceptedRisk} accepted risk, ${s.notEvaluable} not evaluable, ${s.manual} manual`,
      ],
    ],
    10,
  );
  para(
    'Each cluster is judged by its newest evaluation collected by the moment described, with the exceptions active then. ' +
      'Compliance is (pass + accepted risk) ÷ (pass + accepted risk + fail). A control fails when any of its rules has an ' +
      'open finding no exception covers in any cluster.',
    GREY,
  );

  heading('Clusters');
  table(
    [
      '*',
      fit(['Evaluation', ...doc.clusters.map((c) => c.evaluationId ?? '')], 200),
      fit(['Collected', iso(doc.at)]),
      fit(['Compliance']),
    ],
    ['Cluster', 'Evaluation', 'Collected', 'Compliance'],
    doc.clusters.map((c) => [
      c.name,
      c.evaluationId ?? 'none by then',
      c.collectedAt ? iso(c.collectedAt) : '—',
      c.percentage === null ? '—' : `${c.percentage}%`,
    ]),
  );

  heading('Controls');
  const counts = [fit(['Failing', '100000']), fit(['Accepted', '100000'])];
  const statusWidth = fit(Object.values(STATUS_WORDS));
  table(
    [fit(['Control', ...doc.controls.map((c) => c.id)]), '*', statusWidth, ...counts],
    ['Control', 'Title', 'Status', 'Failing', 'Accepted'],
    doc.controls.map((c) => [
      c.id,
      c.title,
      { text: STATUS_WORDS[c.status], textColor: STATUS_COLOUR[c.status] } as never,
      String(c.failingFindings),
      String(c.acceptedFindings),
    ]),
  );

  pdf.addPage();
  pdf.font(bold).fontSize(16).fillColor('black').text('Controls in detail', left, undefined, { width });
  for (const c of doc.controls) {
    controlDetail(c);
    // PDFKit lays out synchronously: a turn of the event loop after each control keeps the process
    // answering while a large report renders (a second or two at 50 clusters).
    await new Promise((resolve) => setImmediate(resolve));
  }

  function controlDetail(c: EvidenceControl) {
    heading(`${c.id}  ${c.title}`, 11);
    pdf
      .font(bold)
      .fontSize(9)
      .fillColor(STATUS_COLOUR[c.status])
      .text(STATUS_WORDS[c.status], left, undefined, {
        width,
        continued: Boolean(c.reason),
      });
    if (c.reason) pdf.font(regular).fillColor(GREY).text(` — ${c.reason}`);
    para(c.requirement);
    para(`Source: ${c.source}`, GREY);
    if (c.rules.length > 0) para(`Judged by: ${c.rules.join(', ')}`, GREY);
    if (c.clusters.length > 1 && c.status !== 'PASS') {
      pdf.moveDown(0.3);
      table(
        ['*', statusWidth, ...counts],
        ['Cluster', 'Status', 'Failing', 'Accepted'],
        c.clusters.map((x) => [x.name, STATUS_WORDS[x.status], String(x.failing), String(x.accepted)]),
      );
    }
    if (c.failing.length > 0) {
      pdf.moveDown(0.3);
      para(
        c.failing.length < c.failingFindings
          ? `Failing resources: the first ${c.failing.length} of ${c.failingFindings}, most severe first`
          : `Failing resources (${c.failingFindings})`,
      );
      table(
        [
          fit(['Severity', 'CRITICAL']),
          fit(['Cluster', ...c.failing.map((r) => r.cluster)], 110),
          '*',
          fit(['Rule', ...c.failing.map((r) => r.ruleId)], 140),
          fit(['Since', '2026-12-31']),
        ],
        ['Severity', 'Cluster', 'Resource', 'Rule', 'Since'],
        c.failing.map((r) => [r.severity, r.cluster, resource(r), r.ruleId, day(r.firstSeenAt)]),
      );
    }
    if (c.acceptedRisks.length > 0) {
      pdf.moveDown(0.3);
      para(`Accepted risks (${c.acceptedFindings} finding(s) covered)`);
      table(
        [fit(['Owner', ...c.acceptedRisks.map((x) => x.owner)], 110), '*', 130, fit(['Expires', '2026-12-31'])],
        ['Owner', 'Reason', 'Covers', 'Expires'],
        c.acceptedRisks.map((x) => [x.owner, x.reason, x.scope, day(x.expiresAt)]),
      );
    }
  }

  // Every page's footer, once the page count is known.
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf
      .font(regular)
      .fontSize(7)
      .fillColor(GREY)
      .text(
        `Kubeward · ${doc.organization.name} · ${doc.framework.id} · ${iso(doc.at)} · page ${i + 1} of ${range.count}`,
        left,
        pdf.page.height - bottom + 20,
        { width, align: 'center', lineBreak: false },
      );
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return done;
}
