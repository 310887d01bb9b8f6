import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { roleName } from '$lib/account-messages';
import { formatDate } from '$lib/i18n';
import type { InvitableRole } from '$lib/domain/account';
import { database, databaseMode } from '$lib/server/db';
import { linkOrigin } from '$lib/server/auth';
import { serviceClaims } from '$lib/server/db/types';
import { queueMail } from '$lib/server/mail';
import { createInvitation, type Invitation } from '$lib/server/repos/accounts';

/**
 * Creates an invitation as the inviter (RLS lets only admins, and owners for their group, do
 * it), then queues its mail as the server, with text the server wrote: nobody can make the site
 * send words of their own choosing.
 */
export async function invite(
	locals: App.Locals,
	invitation: { email: string; role: InvitableRole | 'editor'; organisation: { id: string; name: string } | null },
	/** The request's URL, for the link's origin (see linkOrigin). */
	url: URL
): Promise<Invitation> {
	const { invitation: created, token } = await locals.withClaims((tx) =>
		createInvitation(tx, { email: invitation.email, role: invitation.role, organisationId: invitation.organisation?.id ?? null })
	);
	const db = await database();
	const log = (await databaseMode()) === 'embedded'; // no mail service: print it too
	await db.withClaims(serviceClaims, (tx) =>
		queueMail(
			tx,
			invitation.email,
			{
				kind: 'invitation',
				link: `${linkOrigin(url)}${localizeHref(`/invitations/${token}`)}`,
				role: roleName(invitation.role),
				organisation: invitation.organisation?.name ?? null,
				invitationId: created.id,
				expires: formatDate(new Date(created.expires_at))
			},
			getLocale(),
			{ log }
		)
	);
	return created;
}
