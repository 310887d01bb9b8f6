import { fail } from '@sveltejs/kit';
import { requireAccess } from '$lib/server/access';
import { acceptInvitation } from '$lib/server/repos/accounts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const user = requireAccess(event, 'signed_in');
	return { email: user.email };
};

// Accepting is a button: the invitation names an address, and the signed-in person must be it.
export const actions: Actions = {
	default: async (event) => {
		requireAccess(event, 'signed_in');
		const token = event.params.token.slice(0, 200);
		const accepted = await event.locals.withClaims((tx) => acceptInvitation(tx, token));
		if (!accepted.ok) return fail(400, { failure: { code: accepted.problem } });
		await event.locals.reloadUser(); // the page after this shows the new role in the menu
		return { accepted: { role: accepted.role, organisationId: accepted.organisationId } };
	}
};
