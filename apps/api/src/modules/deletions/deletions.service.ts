import { Injectable, Logger } from '@nestjs/common';
import { isUuid } from '../../infra/ids';
import type { Principal } from '../auth/principal';
import { DeletionsRepository, type DeletionRow } from './deletions.repository';
import type { DeletionObject } from './dto/deletion.object';
import { DeletionError } from './deletions.errors';

const toObject = ({ rowsDeleted, ...row }: DeletionRow): DeletionObject => ({
  ...row,
  rowsDeleted: Number(rowsDeleted),
});

/** Deleting organisations (the operator's) and following deletions; clusters are deleted by ClustersService. */
@Injectable()
export class DeletionsService {
  private readonly logger = new Logger(DeletionsService.name);

  constructor(private readonly deletions: DeletionsRepository) {}

  /**
   * Hides the organisation at once (its keys and agents refused, its endpoints disabled) and
   * queues the removal of everything it had. Its own audit log goes with it, so the operator's
   * record is the Deletion row and this log line.
   */
  async deleteOrganization(organizationId: string): Promise<DeletionObject> {
    if (!isUuid(organizationId)) throw DeletionError.organizationNotFound();
    const row = await this.deletions.hideOrganization(organizationId, 'OPERATOR');
    if (!row) throw DeletionError.organizationNotFound();
    this.logger.log({ organizationId, deletionId: row.id }, 'organisation deleted by the operator');
    return toObject(row);
  }

  /** The organisation's cluster deletions, newest first (recent ones: finished ones are forgotten after a while). */
  async list(principal: Principal, limit = 100): Promise<DeletionObject[]> {
    return (await this.deletions.listForOrganization(principal.organizationId, limit)).map(toObject);
  }

  /** Any deletion, for the operator. */
  async find(id: string): Promise<DeletionObject> {
    const row = isUuid(id) ? await this.deletions.find(id) : null;
    if (!row) throw DeletionError.notFound();
    return toObject(row);
  }
}
