// Account problems and failures in the reader's language. Codes come from
// src/lib/domain/account.ts (field problems) and src/lib/server/auth/types.ts (failures).
import { m } from '$lib/paraglide/messages';
import type { AccountProblem, SiteRole } from '$lib/domain/account';
import { maxDisplayNameLength, maxEmailLength, maxPasswordLength, minPasswordLength } from '$lib/domain/account';

export type FailureCode =
	| 'invalid_credentials' | 'email_not_confirmed' | 'rate_limited' | 'token_invalid' | 'token_expired' | 'token_used'
	| 'email_taken' | 'wrong_password' | 'unavailable'
	| 'invitation_not_found' | 'invitation_revoked' | 'invitation_used' | 'invitation_expired' | 'invitation_other_email'
	| 'last_owner' | 'last_admin' | 'refused';

export function problemText(problem: AccountProblem): string {
	switch (problem) {
		case 'email_missing': return m.account_problem_email_missing();
		case 'email_invalid': return m.account_problem_email_invalid();
		case 'email_too_long': return m.account_problem_email_too_long({ max: maxEmailLength });
		case 'password_missing': return m.account_problem_password_missing();
		case 'password_too_short': return m.account_problem_password_too_short({ min: minPasswordLength });
		case 'password_too_long': return m.account_problem_password_too_long({ max: maxPasswordLength });
		case 'password_common': return m.account_problem_password_common();
		case 'password_contains_email': return m.account_problem_password_contains_email();
		case 'passwords_differ': return m.account_problem_passwords_differ();
		case 'name_too_long': return m.account_problem_name_too_long({ max: maxDisplayNameLength });
		case 'role_invalid': return m.account_problem_role_invalid();
		case 'confirm_missing': return m.account_problem_confirm_missing();
	}
}

export function failureText(failure: { code: FailureCode; minutes?: number }): string {
	switch (failure.code) {
		case 'invalid_credentials': return m.account_failure_invalid_credentials();
		case 'email_not_confirmed': return m.account_failure_email_not_confirmed();
		case 'rate_limited': return m.account_failure_rate_limited({ minutes: failure.minutes ?? 15 });
		case 'token_invalid': return m.account_failure_token_invalid();
		case 'token_expired': return m.account_failure_token_expired();
		case 'token_used': return m.account_failure_token_used();
		case 'email_taken': return m.account_failure_email_taken();
		case 'wrong_password': return m.account_failure_wrong_password();
		case 'unavailable': return m.account_failure_unavailable();
		case 'invitation_not_found': return m.invitation_problem_not_found();
		case 'invitation_revoked': return m.invitation_problem_revoked();
		case 'invitation_used': return m.invitation_problem_used();
		case 'invitation_expired': return m.invitation_problem_expired();
		case 'invitation_other_email': return m.invitation_problem_other_email();
		case 'last_owner': return m.members_problem_last_owner();
		case 'last_admin': return m.people_problem_last_admin();
		case 'refused': return m.access_refused_body();
	}
}

export function roleName(role: SiteRole | 'owner' | 'editor'): string {
	switch (role) {
		case 'practitioner': return m.role_practitioner();
		case 'moderator': return m.role_moderator();
		case 'planner': return m.role_planner();
		case 'admin': return m.role_admin();
		case 'owner': return m.role_owner();
		case 'editor': return m.role_editor();
	}
}

/** What a form sent back, as the summary's list: the failure first, then each field's problem linking to its field. */
export function formProblems<Field extends string>(
	sent: { failure?: { code: FailureCode; minutes?: number }; problems?: Partial<Record<Field, AccountProblem>> } | null | undefined,
	ids: Partial<Record<Field, string>> = {}
) {
	return [...(sent?.failure ? [{ text: failureText(sent.failure) }] : []), ...problemList(sent?.problems, ids)];
}

/** Field problems as the summary's list, each linking to its field. */
export function problemList<Field extends string>(problems: Partial<Record<Field, AccountProblem>> | undefined, ids: Partial<Record<Field, string>> = {}) {
	return Object.entries(problems ?? {}).map(([field, problem]) => ({
		target: ids[field as Field] ?? `${field}-field`,
		text: problemText(problem as AccountProblem)
	}));
}
