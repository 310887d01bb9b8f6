import { fail, redirect } from '@sveltejs/kit';
import { formText, parseSignUp, safeNextPath, signUpFields } from '$lib/domain/account';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, localizeHref('/account'));
	// With no mail service (embedded mode) the confirmation waits in the outbox for an admin.
	return { next: safeNextPath(url.searchParams.get('next')), mailGoesToOutbox: locals.auth.mailWaitsInOutbox };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const values = formText(await request.formData(), signUpFields);
		const kept = { email: values.email.slice(0, 300), display_name: values.display_name.slice(0, 300) };
		const parsed = parseSignUp(values);
		if (!parsed.ok) return fail(400, { values: kept, problems: parsed.problems });
		const { email, password, display_name } = parsed.data;
		const result = await locals.auth.signUp({ email, password, displayName: display_name, language: getLocale() });
		if (!result.ok) return fail(result.code === 'rate_limited' ? 429 : 400, { values: kept, failure: result });
		return { sentTo: email };
	}
};
