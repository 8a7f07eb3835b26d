import { Module } from '@nestjs/common';
import { Mailer } from './mailer';

/** One SMTP pool for the process: sign-in mail and alert mail share it. */
@Module({ providers: [Mailer], exports: [Mailer] })
export class MailModule {}
