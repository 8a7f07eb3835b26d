import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { GqlContext } from '../auth/api-key.guard';
import { AuthError } from '../auth/auth.errors';
import type { Principal } from '../auth/principal';
import { IdentityError } from '../identity/identity.errors';
import { ComplianceError } from './compliance.errors';
import { ComplianceService } from './compliance.service';
import { evidenceCsv } from './evidence/evidence-csv';
import { evidenceOscal } from './evidence/evidence-oscal';
import { evidencePdf } from './evidence/evidence-pdf';
import {
  EVIDENCE_FORMATS,
  type EvidenceFormat,
  evidenceFileName,
  type EvidenceQuery,
  parseEvidenceQuery,
} from './evidence/evidence-query';

/**
 * A compliance report as evidence for auditors: CSV, OSCAL Assessment Results (JSON) or PDF, for
 * `?framework=&at=&clusterIds=` as `complianceReport` takes them. The same report for the same
 * moment is the same bytes. Authenticated as GraphQL is (GraphqlGate's authenticator).
 */
/**
 * PDFs this process renders at once: each holds a report in memory and takes a second or two of
 * CPU (in slices, between which the process answers others). More wait their turn at the client.
 */
const MAX_PDF_RENDERS = 2;

@Controller('exports')
export class ComplianceExportController {
  private rendering = 0;

  constructor(private readonly compliance: ComplianceService) {}

  @Get('compliance.csv')
  csv(@Req() req: GqlContext['req'] & Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    return this.send(req, res, query, 'csv');
  }

  @Get('compliance.oscal.json')
  oscal(@Req() req: GqlContext['req'] & Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    return this.send(req, res, query, 'oscal');
  }

  @Get('compliance.pdf')
  pdf(@Req() req: GqlContext['req'] & Request, @Res() res: Response, @Query() query: Record<string, unknown>) {
    return this.send(req, res, query, 'pdf');
  }

  private async send(
    req: GqlContext['req'] & Request,
    res: Response,
    query: Record<string, unknown>,
    format: EvidenceFormat,
  ): Promise<void> {
    const principal = req.principal;
    if (!principal) throw req.identity ? IdentityError.noOrganization() : AuthError.unauthenticated();
    const parsed = parseEvidenceQuery(query);
    if ('problem' in parsed) throw ComplianceError.bad(parsed.field, parsed.problem);
    const { doc, body } =
      format === 'pdf' ? await this.renderPdf(principal, parsed) : await this.renderText(principal, parsed, format);
    res.setHeader('Content-Type', EVIDENCE_FORMATS[format].contentType);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${evidenceFileName(doc.framework.id, doc.at, format)}"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    res.end(body);
  }

  private async renderText(principal: Principal, query: EvidenceQuery, format: 'csv' | 'oscal') {
    const doc = await this.compliance.evidence(principal, query);
    const text = format === 'csv' ? evidenceCsv(doc) : `${JSON.stringify(evidenceOscal(doc), null, 2)}\n`;
    return { doc, body: Buffer.from(text) };
  }

  /** Refused before any work when this process already renders its share. */
  private async renderPdf(principal: Principal, query: EvidenceQuery) {
    if (this.rendering >= MAX_PDF_RENDERS)
      throw ComplianceError.busy(`${MAX_PDF_RENDERS} evidence PDFs are being made by this server`);
    this.rendering++;
    try {
      const doc = await this.compliance.evidence(principal, query);
      return { doc, body: await evidencePdf(doc) };
    } finally {
      this.rendering--;
    }
  }
}
