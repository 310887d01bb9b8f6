import { databaseMode } from '$lib/server/db';
import { asServer } from '$lib/server/as-server';
import type { Tx } from '$lib/server/db/types';
import { queueMail } from '$lib/server/mail';
import { linkIn } from '$lib/server/origin';
import type { Language } from '$lib/server/auth/types';

// A reply on the groups' board tells the other group in the exchange. The reply is written under
// the writer's claims; the mail as the server (only service_role writes the outbox and may ask
// board_reply_recipients who the other group's members are), with no words from the reply itself:
// they stay behind the readers' sign-in.

/** Queues the mail in `tx` (a service_role transaction); returns how many people it went to. */
export async function queueBoardReplyMail(
	tx: Tx, replyId: string, origin: string, post: { id: string; title: string }, fromGroup: string, log = false
): Promise<number> {
	const recipients = await tx.query<{ email: string; language: Language; organisation_id: string }>(
		`select email, language, organisation_id from public.board_reply_recipients($1)`,
		[replyId]
	);
	for (const to of recipients) {
		const language: Language = to.language === 'cy' ? 'cy' : 'en';
		const link = linkIn(origin, `/groups/${to.organisation_id}/network/${post.id}`, language);
		await queueMail(tx, to.email, { kind: 'board_reply', post: post.title, fromGroup, link }, language, { log });
	}
	return recipients.length;
}

export async function mailBoardReply(replyId: string, origin: string, post: { id: string; title: string }, fromGroup: string): Promise<number> {
	const log = (await databaseMode()) === 'embedded'; // no mail service: print it too
	return asServer((tx) => queueBoardReplyMail(tx, replyId, origin, post, fromGroup, log));
}
