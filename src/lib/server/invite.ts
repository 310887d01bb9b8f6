import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { roleName } from '$lib/account-messages';
import { formatDate } from '$lib/i18n';
import type { InvitableRole } from '$lib/domain/account';
import { database } from '$lib/server/db';
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
	context: { origin: string; logMail: boolean }
): Promise<Invitation> {
	const { invitation: created, token } = await locals.withClaims((tx) =>
		createInvitation(tx, { email: invitation.email, role: invitation.role, organisationId: invitation.organisation?.id ?? null })
	);
	const db = await database();
	await db.withClaims(serviceClaims, (tx) =>
		queueMail(
			tx,
			invitation.email,
			{
				kind: 'invitation',
				link: `${context.origin}${localizeHref(`/invitations/${token}`)}`,
				role: roleName(invitation.role),
				organisation: invitation.organisation?.name ?? null,
				invitationId: created.id,
				expires: formatDate(new Date(created.expires_at))
			},
			getLocale(),
			{ log: context.logMail }
		)
	);
	return created;
}
