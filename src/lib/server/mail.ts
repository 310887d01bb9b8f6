import { m } from '$lib/paraglide/messages';
import type { Tx } from '$lib/server/db/types';
import type { Language } from '$lib/server/auth/types';

// Mail is a row in the outbox (DESIGN.md §3: nothing lives in process memory). A relay sends
// it where one is configured; in embedded mode an admin reads it at /admin/outbox and it is
// also written to the server log, since there is nowhere else for it to go.

export type Mail =
	| { kind: 'confirm_email'; link: string }
	| { kind: 'account_exists'; signInLink: string; resetLink: string }
	| { kind: 'reset_password'; link: string }
	| { kind: 'change_email'; link: string }
	| { kind: 'password_changed'; resetLink: string }
	| { kind: 'invitation'; link: string; role: string; organisation: string | null; invitationId: string; expires: string };

export interface MailOptions {
	/** Also print each message to the server log (embedded mode). */
	log: boolean;
}

function compose(mail: Mail, locale: Language): { subject: string; body: string } {
	const o = { locale };
	switch (mail.kind) {
		case 'confirm_email':
			return { subject: m.mail_confirm_subject({}, o), body: m.mail_confirm_body({ link: mail.link }, o) };
		case 'account_exists':
			return { subject: m.mail_exists_subject({}, o), body: m.mail_exists_body({ signIn: mail.signInLink, reset: mail.resetLink }, o) };
		case 'reset_password':
			return { subject: m.mail_reset_subject({}, o), body: m.mail_reset_body({ link: mail.link }, o) };
		case 'change_email':
			return { subject: m.mail_change_email_subject({}, o), body: m.mail_change_email_body({ link: mail.link }, o) };
		case 'password_changed':
			return { subject: m.mail_password_changed_subject({}, o), body: m.mail_password_changed_body({ reset: mail.resetLink }, o) };
		case 'invitation':
			return mail.organisation
				? { subject: m.mail_invite_editor_subject({ organisation: mail.organisation }, o), body: m.mail_invite_editor_body({ organisation: mail.organisation, link: mail.link, expires: mail.expires }, o) }
				: { subject: m.mail_invite_role_subject({ role: mail.role }, o), body: m.mail_invite_role_body({ role: mail.role, link: mail.link, expires: mail.expires }, o) };
	}
}

/** Puts a message in the outbox inside the caller's transaction, so it is sent only if the change commits. */
export async function queueMail(tx: Tx, to: string, mail: Mail, language: Language, options: MailOptions): Promise<void> {
	const { subject, body } = compose(mail, language);
	await tx.query(
		`insert into public.outbox (to_email, kind, subject, body, invitation_id) values ($1, $2, $3, $4, $5)`,
		[to, mail.kind, subject, body, mail.kind === 'invitation' ? mail.invitationId : null]
	);
	if (options.log) console.log(`[mail] to ${to}: ${subject}\n${body}\n`);
}
