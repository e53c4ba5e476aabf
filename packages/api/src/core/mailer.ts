/**
 * Outgoing mail. Sites are offline, so messages are written as .eml files to an outbox directory that the
 * site's mail relay (or an administrator) picks up. Nothing is logged of their content.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export function createOutboxMailer(dir: string, from: string): Mailer {
  return {
    async send(m) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const body = [`From: ${from}`, `To: ${m.to}`, `Subject: ${m.subject}`, `Date: ${new Date().toUTCString()}`, 'Content-Type: text/plain; charset=utf-8', '', m.text, ''].join('\r\n');
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`);
      await writeFile(file, body, { mode: 0o600 });
    },
  };
}
