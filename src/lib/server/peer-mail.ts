import { databaseMode } from '$lib/server/db';
import { asServer } from '$lib/server/as-server';
import { queueMail } from '$lib/server/mail';
import { linkIn } from '$lib/server/origin';
import { introductionRecipients } from '$lib/server/repos/introductions';

// A new introduction is mailed to exactly those who may read it (the group's choice), each in
// their language, with a link to the inbox and never the person's details.
export async function mailIntroduction(organisationId: string, organisation: string, origin: string): Promise<void> {
	const log = (await databaseMode()) === 'embedded';
	await asServer(async (tx) => {
		for (const to of await introductionRecipients(tx, organisationId)) {
			const link = linkIn(origin, `/groups/${organisationId}/inbox#introductions-heading`, to.language);
			await queueMail(tx, to.email, { kind: 'introduction_request', organisation, link }, to.language, { log });
		}
	});
}
