// npm run admin:create -- someone@example.org
// Makes the first (or another) admin, in either mode:
//   local accounts: creates the account if it does not exist (printing a one-time password to
//     change at /account) and gives it the admin role;
//   Supabase (PUBLIC_SUPABASE_URL set): gives the role to an existing Supabase user, or creates
//     one through the Auth admin API when SUPABASE_SECRET_KEY (or SUPABASE_SERVICE_ROLE_KEY) is set.
// Uses the configured database (DATABASE_URL, or the embedded one; stop the server first).
import { randomBytes } from 'node:crypto';
import { parseEmailOnly } from '../src/lib/domain/account';
import { hashPassword } from '../src/lib/server/auth/secrets';
import { openConfiguredDb } from '../src/lib/server/db/open';
import { DatabaseRefusal } from '../src/lib/server/db/types';
import { serviceClaims, type Db } from '../src/lib/server/db/types';

const [raw, ...extra] = process.argv.slice(2);
if (!raw || extra.length) {
	console.error('Usage: npm run admin:create -- someone@example.org');
	process.exit(2);
}
const parsed = parseEmailOnly({ email: raw });
if (!parsed.ok) {
	console.error(`"${raw}" is not an email address like someone@example.org.`);
	process.exit(2);
}
const email = parsed.data.email;
const supabaseUrl = process.env.PUBLIC_SUPABASE_URL;
const secretKey = process.env.SUPABASE_SECRET_KEY || process.env.SUPABASE_SERVICE_ROLE_KEY;

/** A password to type once and then change: 20 characters from a readable alphabet. */
function oneTimePassword(): string {
	const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
	return [...randomBytes(20)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

async function createSupabaseUser(password: string): Promise<void> {
	const { createClient } = await import('@supabase/supabase-js');
	const ws = (await import('ws')).default;
	const supabase = createClient(supabaseUrl!, secretKey!, {
		auth: { persistSession: false, autoRefreshToken: false },
		realtime: { transport: ws as unknown as typeof WebSocket }
	});
	const { error } = await supabase.auth.admin.createUser({ email, password, email_confirm: true });
	if (error) throw new Error(`Supabase Auth refused to create ${email}: ${error.message}`);
}

let db: Db | undefined;
try {
	db = (await openConfiguredDb(process.env)).db;
	const findUser = () => db!.withClaims(serviceClaims, async (tx) => (await tx.query<{ id: string }>(`select id from auth.users where lower(email) = $1`, [email]))[0]);
	let user = await findUser();
	let password: string | null = null;
	if (!user) {
		password = oneTimePassword();
		if (supabaseUrl) {
			if (!secretKey) {
				console.error(
					`There is no Supabase user ${email} yet. Either sign up on the site with that address and confirm it, then run this again, ` +
						'or set SUPABASE_SECRET_KEY so this command can create the user.'
				);
				process.exit(1);
			}
			await createSupabaseUser(password);
			user = await findUser();
		} else {
			const hash = await hashPassword(password);
			user = await db.withClaims(serviceClaims, async (tx) => (await tx.query<{ id: string }>(
				`insert into auth.users (id, email, encrypted_password, email_confirmed_at, raw_app_meta_data)
				 values (gen_random_uuid(), $1, $2, now(), '{"provider":"email"}') returning id`,
				[email, hash]
			))[0]);
		}
	}
	if (!user) throw new Error(`The account ${email} was not found after creating it.`);
	const granted = await db.withClaims(serviceClaims, (tx) =>
		tx.query(`insert into public.user_roles (user_id, role) values ($1, 'admin') on conflict do nothing returning user_id`, [user!.id])
	);
	console.log(granted.length ? `${email} is now an admin.` : `${email} was already an admin; nothing changed.`);
	if (password) console.log(`The account is new. Sign in with this one-time password and change it at /account:\n\n  ${password}\n`);
	await db.close();
} catch (error) {
	if (db) await db.close().catch(() => {});
	console.error(error instanceof DatabaseRefusal ? error.message : `Could not create the admin: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
