import { fail, redirect } from '@sveltejs/kit';
import { deleteAccountFields, formText, parseDeleteAccount } from '$lib/domain/account';
import { localizeHref } from '$lib/paraglide/runtime';
import { requireAccess } from '$lib/server/access';
import { databaseHint } from '$lib/server/db/errors';
import { organisationsOnlyIOwn } from '$lib/server/repos/accounts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'signed_in');
	return { onlyOwnerOf: await event.locals.withClaims(organisationsOnlyIOwn) };
};

export const actions: Actions = {
	default: async (event) => {
		requireAccess(event, 'signed_in');
		const parsed = parseDeleteAccount(formText(await event.request.formData(), deleteAccountFields));
		if (!parsed.ok) return fail(400, { problems: parsed.problems });
		const checked = await event.locals.auth.verifyPassword(parsed.data.current_password);
		if (!checked.ok) return fail(checked.code === 'rate_limited' ? 429 : 400, { failure: checked });
		try {
			await event.locals.auth.deleteAccount();
		} catch (error) {
			if (databaseHint(error) === 'last_admin') return fail(409, { failure: { code: 'last_admin' as const } });
			throw error;
		}
		redirect(303, localizeHref('/account-deleted'));
	}
};
