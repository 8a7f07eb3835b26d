import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../../config/config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Mail through SMTP_URL (nodemailer, pooled). Without it nothing is sent: whoever asked is shown
 * the link instead (invitations), or nobody is (password resets need mail).
 */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.identity.smtpUrl
      ? createTransport(config.identity.smtpUrl, { from: config.identity.mailFrom })
      : null;
  }

  get configured(): boolean {
    return this.transport !== null;
  }

  /** Sends, or throws; the error names the recipient's domain only, never the message (it holds a link). */
  async send(mail: Mail): Promise<void> {
    if (!this.transport) throw new Error('SMTP_URL is not set');
    try {
      await this.transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text });
    } catch (err) {
      const domain = mail.to.slice(mail.to.lastIndexOf('@') + 1);
      this.logger.warn({ domain, code: (err as { code?: string }).code }, 'mail not sent');
      throw new Error(`The mail to an address at ${domain} could not be sent (SMTP)`, { cause: err });
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
