import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '../../infra/prisma/prisma.service';

@Injectable()
export class OrganizationsRepository {
  constructor(private readonly prisma: PrismaService) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn);
  }

  find(id: string) {
    return this.prisma.organization.findUniqueOrThrow({ where: { id } });
  }

  saveSettings(id: string, settings: object, historyRetentionDays: number | null, tx: Tx) {
    return tx.organization.update({ where: { id }, data: { settings, historyRetentionDays } });
  }

  create(data: { name: string; slug: string }, tx: Tx) {
    return tx.organization.create({ data });
  }
}
