// E-mail delivery of scheduled reports over SMTP (nodemailer). One transport per process, pooled
// connections off (a schedule run sends a handful of messages). Invariant: credentials come from
// configuration only and are never logged.
import nodemailer, { type Transporter } from 'nodemailer';
import type { ReportingConfig } from '../config.js';

/** One report e-mail. */
export interface ReportMail {
  to: readonly string[];
  subject: string;
  text: string;
  attachment: { fileName: string; contentType: string; content: Buffer };
}

/** Sends report e-mails. */
export interface Mailer {
  send(mail: ReportMail): Promise<void>;
  close(): void;
}

/** The SMTP mailer, or null when no SMTP host is configured. */
export function createMailer(config: ReportingConfig): Mailer | null {
  if (!config.smtpHost) return null;
  const transport: Transporter = nodemailer.createTransport({
    host: config.smtpHost,
    port: config.smtpPort,
    secure: config.smtpSecure,
    ...(config.smtpUser ? { auth: { user: config.smtpUser, pass: config.smtpPassword ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      await transport.sendMail({
        from: config.mailFrom,
        to: [...mail.to],
        subject: mail.subject,
        text: mail.text,
        attachments: [{ filename: mail.attachment.fileName, contentType: mail.attachment.contentType, content: mail.attachment.content }],
      });
    },
    close() {
      transport.close();
    },
  };
}
