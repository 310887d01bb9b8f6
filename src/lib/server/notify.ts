import { databaseMode } from '$lib/server/db';
import type { Tx } from '$lib/server/db/types';
import { asServer as serverWork } from '$lib/server/as-server';
import { queueMail, type Mail } from '$lib/server/mail';
import type { Language } from '$lib/server/auth/types';
import { linkIn } from '$lib/server/origin';

// Mail that follows a group's or a moderator's action. The action runs under the person's
// claims; the mail is written as the server (only service_role writes the outbox), with words
// the server chose, to addresses the server looked up.

async function asServer<T>(fn: (tx: Tx, log: boolean) => Promise<T>): Promise<T> {
	const log = (await databaseMode()) === 'embedded'; // no mail service: print it too
	return serverWork((tx) => fn(tx, log));
}

export const mailTo = (to: string, mail: Mail, language: Language) =>
	asServer((tx, log) => queueMail(tx, to, mail, language, { log }));

/** Everyone who looks after a group, each in their own language; the group's address if nobody does yet. */
export async function groupRecipients(tx: Tx, organisationId: string): Promise<{ email: string; language: Language }[]> {
	return tx.query<{ email: string; language: Language }>(
		`select p.email, p.language from public.organisation_members m join public.profiles p on p.id = m.user_id
		  where m.organisation_id = $1 and p.email is not null
		 union
		 select g.email, 'en' from public.organisations g
		  where g.id = $1 and g.email is not null
		    and not exists (select 1 from public.organisation_members m where m.organisation_id = $1)`,
		[organisationId]
	);
}

/** Mails everyone who looks after a group; `mail` gets the link to `path` in each reader's language. */
export const mailGroup = (organisationId: string, origin: string, path: string, mail: (link: string) => Mail) =>
	asServer(async (tx, log) => {
		for (const to of await groupRecipients(tx, organisationId)) {
			await queueMail(tx, to.email, mail(linkIn(origin, path, to.language)), to.language, { log });
		}
	});

/**
 * Mails a group's or a moderator's answer to the person who reported, once per report however
 * often the answer is edited, and only if they left an address (which only the server reads).
 */
export const mailReportAnswer = (reportId: string, offer: string, response: string) =>
	asServer(async (tx, log) => {
		const [to] = await tx.query<{ reply_email: string; reply_language: Language }>(
			`update public.listing_reports set answer_mailed_at = now()
			  where id = $1 and answer_mailed_at is null and reply_email is not null
			 returning reply_email, reply_language`,
			[reportId]
		);
		if (to) await queueMail(tx, to.reply_email, { kind: 'report_answer', offer, response }, to.reply_language, { log });
	});
