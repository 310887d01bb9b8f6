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
	| { kind: 'invitation'; link: string; role: string; organisation: string | null; invitationId: string; expires: string }
	| { kind: 'review_reminder'; offer: string; organisation: string; reminder: number; link: string }
	| { kind: 'moderation_decision'; listing: string; approved: boolean; hidden?: boolean; note: string | null; link: string }
	| { kind: 'report_answer'; offer: string; response: string }
	| { kind: 'claim_decision'; organisation: string; approved: boolean; note: string | null; link: string }
	/** No contact details in the mail: they stay behind the group's sign-in. */
	| { kind: 'contact_request'; offer: string; offerCy: string | null; link: string }
	/** As above: who asked stays behind the sign-in of those who handle introductions. */
	| { kind: 'introduction_request'; organisation: string; link: string }
	| { kind: 'board_reply'; post: string; fromGroup: string; link: string };

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
		case 'review_reminder':
			return {
				subject: mail.reminder >= 3 ? m.mail_review_final_subject({ offer: mail.offer }, o) : m.mail_review_subject({ offer: mail.offer }, o),
				body: m.mail_review_body({ offer: mail.offer, organisation: mail.organisation, link: mail.link }, o)
					+ (mail.reminder >= 3 ? `\n\n${m.mail_review_final_note({}, o)}` : '')
			};
		case 'moderation_decision': {
			const note = mail.note ? `\n\n${m.mail_decision_reason({ note: mail.note }, o)}` : '';
			if (mail.hidden) return { subject: m.mail_hidden_subject({ listing: mail.listing }, o), body: m.mail_hidden_body({ listing: mail.listing, link: mail.link }, o) + note };
			return mail.approved
				? { subject: m.mail_approved_subject({ listing: mail.listing }, o), body: m.mail_approved_body({ listing: mail.listing, link: mail.link }, o) + note }
				: { subject: m.mail_returned_subject({ listing: mail.listing }, o), body: m.mail_returned_body({ listing: mail.listing, link: mail.link }, o) + note };
		}
		case 'report_answer':
			return { subject: m.mail_report_answer_subject({ offer: mail.offer }, o), body: m.mail_report_answer_body({ offer: mail.offer, response: mail.response }, o) };
		case 'claim_decision': {
			const note = mail.note ? `\n\n${m.mail_decision_reason({ note: mail.note }, o)}` : '';
			return mail.approved
				? { subject: m.mail_claim_approved_subject({ organisation: mail.organisation }, o), body: m.mail_claim_approved_body({ organisation: mail.organisation, link: mail.link }, o) + note }
				: { subject: m.mail_claim_declined_subject({ organisation: mail.organisation }, o), body: m.mail_claim_declined_body({ organisation: mail.organisation }, o) + note };
		}
		case 'contact_request': {
			const offer = locale === 'cy' && mail.offerCy ? mail.offerCy : mail.offer;
			return { subject: m.mail_contact_request_subject({ offer }, o), body: m.mail_contact_request_body({ offer, link: mail.link }, o) };
		}
		case 'introduction_request':
			return {
				subject: m.mail_introduction_subject({ organisation: mail.organisation }, o),
				body: m.mail_introduction_body({ organisation: mail.organisation, link: mail.link }, o)
			};
		case 'board_reply':
			return {
				subject: m.mail_board_reply_subject({ group: mail.fromGroup, post: mail.post }, o),
				body: m.mail_board_reply_body({ group: mail.fromGroup, post: mail.post, link: mail.link }, o)
			};
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
