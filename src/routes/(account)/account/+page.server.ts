import { fail } from '@sveltejs/kit';
import {
	changeEmailFields, changePasswordFields, formText, parseChangeEmail, parseChangePassword, parseProfile, profileFields
} from '$lib/domain/account';
import { getLocale } from '$lib/paraglide/runtime';
import { requireAccess } from '$lib/server/access';
import { listMySessions, updateProfile } from '$lib/server/repos/accounts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireAccess(event, 'signed_in');
	const { locals, url } = event;
	return {
		user,
		notice: url.searchParams.get('notice'),
		sessions: locals.auth.kind === 'local' ? await locals.withClaims(listMySessions) : null,
		mailGoesToOutbox: locals.auth.mailWaitsInOutbox
	};
};

export const actions: Actions = {
	profile: async (event) => {
		requireAccess(event, 'signed_in');
		const values = formText(await event.request.formData(), profileFields);
		const parsed = parseProfile(values);
		if (!parsed.ok) return fail(400, { profile: { values, problems: parsed.problems } });
		await event.locals.withClaims((tx) => updateProfile(tx, { displayName: parsed.data.display_name, language: parsed.data.language }));
		await event.locals.reloadUser(); // the form shows what was just saved
		return { profile: { saved: true } };
	},
	email: async (event) => {
		requireAccess(event, 'signed_in');
		const values = formText(await event.request.formData(), changeEmailFields);
		const kept = { email: values.email.slice(0, 300) };
		const parsed = parseChangeEmail(values);
		if (!parsed.ok) return fail(400, { email: { values: kept, problems: parsed.problems } });
		const result = await event.locals.auth.changeEmail({ email: parsed.data.email, current: parsed.data.current_password, language: getLocale() });
		if (!result.ok) return fail(result.code === 'rate_limited' ? 429 : 400, { email: { values: kept, failure: result } });
		return { email: { sentTo: parsed.data.email } };
	},
	password: async (event) => {
		const user = requireAccess(event, 'signed_in');
		const parsed = parseChangePassword(formText(await event.request.formData(), changePasswordFields), user.email);
		if (!parsed.ok) return fail(400, { password: { problems: parsed.problems } });
		const result = await event.locals.auth.changePassword({ current: parsed.data.current, next: parsed.data.next, language: getLocale() });
		if (!result.ok) return fail(result.code === 'rate_limited' ? 429 : 400, { password: { failure: result } });
		return { password: { saved: true } };
	}
};
