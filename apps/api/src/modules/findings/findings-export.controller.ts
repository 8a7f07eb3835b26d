import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { Request, Response } from 'express';
import { once } from 'node:events';
import type { GqlContext } from '../auth/api-key.guard';
import { AuthError } from '../auth/auth.errors';
import { IdentityError } from '../identity/identity.errors';
import { ClustersService } from '../clusters/clusters.service';
import { FindingsError } from './findings.errors';
import { CSV_COLUMNS, csvRow, parseExportFilter } from './findings-csv';
import { FindingsService } from './findings.service';

/** Rows per database round trip: a page as large as the API serves. */
const BATCH = 200;

/**
 * Every finding of a filter as CSV, streamed page by page (memory stays flat whatever the count),
 * for spreadsheets and auditors. Authenticated as GraphQL is (GraphqlGate's authenticator).
 */
@Controller('exports')
export class FindingsExportController {
  constructor(
    private readonly findings: FindingsService,
    private readonly clusters: ClustersService,
  ) {}

  @Get('findings.csv')
  async findingsCsv(@Req() req: GqlContext['req'] & Request, @Res() res: Response, @Query('filter') raw: unknown) {
    const principal = req.principal;
    if (!principal) throw req.identity ? IdentityError.noOrganization() : AuthError.unauthenticated();
    const parsed = parseExportFilter(raw);
    if ('problem' in parsed) {
      const [field, why] = parsed.problem.split(/: (.*)/s);
      throw FindingsError.badFilter(field!, why!);
    }
    // The first page is read before anything is sent: a bad filter still gets a clear error status.
    let page = await this.findings.page(principal, { filter: parsed.filter, first: BATCH });
    const names = new Map((await this.clusters.list(principal)).map((c) => [c.id, c.name]));
    const day = new Date().toISOString().slice(0, 10);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="kubeward-findings-${day}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    const csv = stringify({ header: true, columns: [...CSV_COLUMNS] });
    csv.pipe(res);
    let closed = false;
    res.once('close', () => (closed = true));
    for (;;) {
      for (const edge of page.edges) {
        if (!csv.write(csvRow(edge.node, names.get(edge.node.clusterId) ?? ''))) await once(csv, 'drain');
      }
      if (closed || !page.pageInfo.hasNextPage) break;
      page = await this.findings.page(principal, {
        filter: parsed.filter,
        first: BATCH,
        after: page.pageInfo.endCursor!,
      });
    }
    csv.end();
  }
}
