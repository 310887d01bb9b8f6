import type { Claims } from '$lib/server/db/types';
import type { MemberRole, SiteRole } from '$lib/domain/account';

/** The signed-in person as every page sees them, whichever adapter verified them. */
export interface User {
	id: string;
	email: string;
	displayName: string;
	language: 'en' | 'cy';
	roles: SiteRole[];
	memberships: { organisationId: string; name: string; role: MemberRole }[];
}

/** Who the adapter verified, before their roles are read (with their own claims, under RLS). */
export interface VerifiedIdentity {
	id: string;
	email: string;
	claims: Claims;
}

/** Why an account action did not happen; pages show `account_error_<code>` in the reader's language. */
export type AuthFailure =
	| { code: 'invalid_credentials' }
	| { code: 'email_not_confirmed' }
	| { code: 'rate_limited'; minutes: number }
	| { code: 'token_invalid' }
	| { code: 'token_expired' }
	| { code: 'token_used' }
	| { code: 'email_taken' }
	| { code: 'wrong_password' }
	| { code: 'unavailable' };

export type AuthResult = { ok: true } | ({ ok: false } & AuthFailure);

export type Language = 'en' | 'cy';

/**
 * One request's view of accounts. `local` keeps users in (emulated) auth.users with sessions
 * in Postgres; `supabase` asks Supabase Auth. Pages call only this.
 */
export interface AuthAdapter {
	readonly kind: 'local' | 'supabase';
	/** True when this adapter's mail reaches people only through the outbox (local accounts, embedded). */
	readonly mailWaitsInOutbox: boolean;
	/** The verified person behind this request's cookies, or null. */
	identify(): Promise<VerifiedIdentity | null>;
	signUp(input: { email: string; password: string; displayName: string; language: Language }): Promise<AuthResult>;
	signIn(input: { email: string; password: string }): Promise<AuthResult>;
	signOut(): Promise<void>;
	/** Ends every session of the signed-in person, this one included. */
	signOutEverywhere(): Promise<void>;
	/** Always looks the same from outside, whether or not the account exists. */
	requestPasswordReset(input: { email: string; language: Language }): Promise<AuthResult>;
	/** Checks a reset link without using it up (so the page can say early that it has expired). */
	checkResetToken(token: string): Promise<AuthResult>;
	resetPassword(input: { token: string; password: string }): Promise<AuthResult>;
	confirmEmail(input: { token: string; type: 'signup' | 'email_change' }): Promise<AuthResult>;
	changePassword(input: { current: string; next: string; language: Language }): Promise<AuthResult>;
	changeEmail(input: { email: string; current: string; language: Language }): Promise<AuthResult>;
	/** Whether the password is the signed-in person's (before deleting an account). */
	verifyPassword(password: string): Promise<AuthResult>;
	deleteAccount(): Promise<void>;
}
