import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { roleName } from '$lib/account-messages';
import { formatDate } from '$lib/i18n';
import type { InvitableRole } from '$lib/domain/account';
import type { Tx } from '$lib/server/db/types';
import { queueMail } from '$lib/server/mail';
import { createInvitation } from '$lib/server/repos/accounts';

/** Creates an invitation and queues its mail in one transaction (RLS checks both: only admins and owners get through). */
export async function invite(
	tx: Tx,
	invitation: { email: string; role: InvitableRole | 'editor'; organisation: { id: string; name: string } | null },
	context: { origin: string; logMail: boolean }
) {
	const { invitation: created, token } = await createInvitation(tx, {
		email: invitation.email, role: invitation.role, organisationId: invitation.organisation?.id ?? null
	});
	await queueMail(
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
	);
	return created;
}
