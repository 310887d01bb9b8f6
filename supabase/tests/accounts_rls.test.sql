-- Row-level security of accounts (20261122000005_accounts.sql) and of the directory once groups
-- and moderators exist: what each kind of person may read, insert, update and delete in every
-- table, then the ways someone might try to raise their own standing.
-- Run by scripts/pg15-check.sh (on PostgreSQL 15); everything is rolled back.
--
-- pg_temp.fx, id(), act(), attempt() and hint_of() are shared by the policy tests (helpers.psql).
-- Actors (pg_temp.act(who) does `set local role` and sets request.jwt.claims, as withClaims does):
--   anon; none (signed in, no role); prac (practitioner); moder (moderator); plan (planner);
--   admin; own_a (owner of A); ed_a (editor of A, by invitation inv_ed_a); own_b (owner of B).
-- Fixtures (inserted as the owner; labels in pg_temp.fx):
--   org A published and verified: locations LA, LA2 (LA2 unused); offers oA1 published, oA2 draft
--   org B published, not verified: location LB; offers oB1 published, oB2 draft
--   each offer has one outcome, one place (oA1/oA2 at LA, oB1/oB2 at LB) and one schedule (sA1 …)
--   invitations (plain tokens; the table holds their SHA-256):
--     inv_prac     admin → prac@ practitioner, accepted by prac (prac's role came from it)
--     inv_ed_a     own_a → editor.a@ editor of A, accepted by ed_a
--     inv_ed_b     own_b → none@ editor of B, open ('token-ed-b'; its mail is in the outbox)
--     inv_plan     admin → none@ planner, open ('token-plan')
--     inv_expired  admin → none@ moderator, expired ('token-expired')
--     inv_revoked  own_a → none@ editor of A, revoked ('token-revoked')
--   outbox: mail_ed_b (inv_ed_b's invitation), mail_confirm (a confirm_email to none@)
--   auth_sessions sess_none, sess_own_a; auth_tokens for none and own_a; two sign_in_attempts
--
-- Part 1 is a matrix: every actor runs the same reads and writes (pg_temp.reads, pg_temp.writes,
-- one column of expectations per actor). A write is tried in a subtransaction that is then rolled
-- back (pg_temp.attempt), so it reports how many rows it changed, or that it was denied (42501:
-- no privilege, or refused by a policy), and disturbs nothing. An update or delete that
-- RLS filters changes 0 rows. Part 2 goes through escalation attempts and the account functions
-- in order, keeping their effects.

begin;
create extension if not exists pgtap with schema extensions;
select plan(656);
\ir helpers.psql

-- ---------------------------------------------------------------------------------------------
-- Fixtures, as the owner

insert into fx (label, id, email) values
  ('none',  'a0000000-0000-4000-8000-000000000001', 'none@example.org'),
  ('prac',  'a0000000-0000-4000-8000-000000000002', 'prac@example.org'),
  ('moder', 'a0000000-0000-4000-8000-000000000003', 'moder@example.org'),
  ('plan',  'a0000000-0000-4000-8000-000000000004', 'plan@example.org'),
  ('admin', 'a0000000-0000-4000-8000-000000000005', 'admin@example.org'),
  ('own_a', 'a0000000-0000-4000-8000-000000000006', 'owner.a@example.org'),
  ('ed_a',  'a0000000-0000-4000-8000-000000000007', 'editor.a@example.org'),
  ('own_b', 'a0000000-0000-4000-8000-000000000008', 'owner.b@example.org'),
  ('A',     'b0000000-0000-4000-8000-00000000000a', null),
  ('B',     'b0000000-0000-4000-8000-00000000000b', null),
  ('LA',    'c0000000-0000-4000-8000-0000000000a1', null),
  ('LA2',   'c0000000-0000-4000-8000-0000000000a2', null),
  ('LB',    'c0000000-0000-4000-8000-0000000000b1', null),
  ('oA1',   'd0000000-0000-4000-8000-0000000000a1', null),
  ('oA2',   'd0000000-0000-4000-8000-0000000000a2', null),
  ('oB1',   'd0000000-0000-4000-8000-0000000000b1', null),
  ('oB2',   'd0000000-0000-4000-8000-0000000000b2', null),
  ('sA1',   'e0000000-0000-4000-8000-0000000000a1', null),
  ('sA2',   'e0000000-0000-4000-8000-0000000000a2', null),
  ('sB1',   'e0000000-0000-4000-8000-0000000000b1', null),
  ('sB2',   'e0000000-0000-4000-8000-0000000000b2', null),
  ('inv_prac',    'f0000000-0000-4000-8000-000000000001', null),
  ('inv_ed_a',    'f0000000-0000-4000-8000-000000000002', null),
  ('inv_ed_b',    'f0000000-0000-4000-8000-000000000003', null),
  ('inv_plan',    'f0000000-0000-4000-8000-000000000004', null),
  ('inv_expired', 'f0000000-0000-4000-8000-000000000005', null),
  ('inv_revoked', 'f0000000-0000-4000-8000-000000000006', null),
  ('mail_ed_b',    'f1000000-0000-4000-8000-000000000001', null),
  ('mail_confirm', 'f1000000-0000-4000-8000-000000000002', null),
  ('sess_none',  'f2000000-0000-4000-8000-000000000001', null),
  ('sess_own_a', 'f2000000-0000-4000-8000-000000000002', null);

-- What the tables store for a plain token.
create function pg_temp.hash(token text) returns text
  language sql immutable as $$ select encode(sha256(convert_to($1, 'UTF8')), 'hex') $$;

insert into auth.users (id, email)
  select id, email from fx where email is not null;

insert into public.organisations (id, name, status, verified_at) values
  (pg_temp.id('A'), 'Verified group', 'published', now()),
  (pg_temp.id('B'), 'Unverified group', 'published', null);
insert into public.locations (id, organisation_id, name, postcode, outcode, lat, lng) values
  (pg_temp.id('LA'),  pg_temp.id('A'), 'Church hall', 'CF37 1AA', 'CF37', 51.6026, -3.3429),
  (pg_temp.id('LA2'), pg_temp.id('A'), 'Library', 'CF37 1BB', 'CF37', 51.6040, -3.3400),
  (pg_temp.id('LB'),  pg_temp.id('B'), 'Back room', 'CF37 2BB', 'CF37', 51.6100, -3.3300);
insert into public.offers (id, organisation_id, title_en, kind, cost, access, attendance, status) values
  (pg_temp.id('oA1'), pg_temp.id('A'), 'Tuesday walk', 'walking_group', 'free', 'drop_in', 'in_person', 'published'),
  (pg_temp.id('oA2'), pg_temp.id('A'), 'Lunch club (draft)', 'lunch_club', 'low_cost', 'booking', 'in_person', 'draft'),
  (pg_temp.id('oB1'), pg_temp.id('B'), 'Peer support', 'peer_support', 'free', 'drop_in', 'in_person', 'published'),
  (pg_temp.id('oB2'), pg_temp.id('B'), 'Craft circle (draft)', 'arts_and_crafts', 'free', 'drop_in', 'in_person', 'draft');
insert into public.offer_outcomes (offer_id, outcome_id) values
  (pg_temp.id('oA1'), 'seeing-people'),
  (pg_temp.id('oA2'), 'things-to-do'),
  (pg_temp.id('oB1'), 'feeling-safe'),
  (pg_temp.id('oB2'), 'staying-well');
insert into public.offer_locations (offer_id, location_id) values
  (pg_temp.id('oA1'), pg_temp.id('LA')),
  (pg_temp.id('oA2'), pg_temp.id('LA')),
  (pg_temp.id('oB1'), pg_temp.id('LB')),
  (pg_temp.id('oB2'), pg_temp.id('LB'));
insert into public.schedules (id, offer_id, freq, byday, opens_at, closes_at) values
  (pg_temp.id('sA1'), pg_temp.id('oA1'), 'WEEKLY', '{TU}', '10:00', '11:30'),
  (pg_temp.id('sA2'), pg_temp.id('oA2'), 'MONTHLY', '{1WE}', '12:00', '13:30'),
  (pg_temp.id('sB1'), pg_temp.id('oB1'), 'WEEKLY', '{FR}', '14:00', '15:00'),
  (pg_temp.id('sB2'), pg_temp.id('oB2'), 'WEEKLY', '{SA}', '10:00', '12:00');

insert into public.invitations
    (id, email, role, organisation_id, token_hash, invited_by, expires_at, accepted_at, accepted_by, revoked_at, revoked_by) values
  (pg_temp.id('inv_prac'), 'prac@example.org', 'practitioner', null, pg_temp.hash('token-prac'),
   pg_temp.id('admin'), now() + interval '14 days', now(), pg_temp.id('prac'), null, null),
  (pg_temp.id('inv_ed_a'), 'editor.a@example.org', 'editor', pg_temp.id('A'), pg_temp.hash('token-ed-a'),
   pg_temp.id('own_a'), now() + interval '14 days', now(), pg_temp.id('ed_a'), null, null),
  (pg_temp.id('inv_ed_b'), 'none@example.org', 'editor', pg_temp.id('B'), pg_temp.hash('token-ed-b'),
   pg_temp.id('own_b'), now() + interval '14 days', null, null, null, null),
  (pg_temp.id('inv_plan'), 'none@example.org', 'planner', null, pg_temp.hash('token-plan'),
   pg_temp.id('admin'), now() + interval '14 days', null, null, null, null),
  (pg_temp.id('inv_expired'), 'none@example.org', 'moderator', null, pg_temp.hash('token-expired'),
   pg_temp.id('admin'), now() - interval '1 day', null, null, null, null),
  (pg_temp.id('inv_revoked'), 'none@example.org', 'editor', pg_temp.id('A'), pg_temp.hash('token-revoked'),
   pg_temp.id('own_a'), now() + interval '14 days', null, null, now(), pg_temp.id('own_a'));

insert into public.user_roles (user_id, role, invitation_id, granted_by) values
  (pg_temp.id('prac'), 'practitioner', pg_temp.id('inv_prac'), pg_temp.id('admin')),
  (pg_temp.id('moder'), 'moderator', null, pg_temp.id('admin')),
  (pg_temp.id('plan'), 'planner', null, pg_temp.id('admin')),
  (pg_temp.id('admin'), 'admin', null, null);
insert into public.organisation_members (organisation_id, user_id, role, invitation_id) values
  (pg_temp.id('A'), pg_temp.id('own_a'), 'owner', null),
  (pg_temp.id('A'), pg_temp.id('ed_a'), 'editor', pg_temp.id('inv_ed_a')),
  (pg_temp.id('B'), pg_temp.id('own_b'), 'owner', null);

insert into public.outbox (id, to_email, kind, subject, body, invitation_id) values
  (pg_temp.id('mail_ed_b'), 'none@example.org', 'invitation', 'Join Unverified group', 'https://example.org/invitation/token-ed-b', pg_temp.id('inv_ed_b')),
  (pg_temp.id('mail_confirm'), 'none@example.org', 'confirm_email', 'Confirm your email', 'https://example.org/confirm/xyz', null);
insert into public.auth_sessions (id, user_id, token_hash, expires_at) values
  (pg_temp.id('sess_none'), pg_temp.id('none'), pg_temp.hash('session-none'), now() + interval '30 days'),
  (pg_temp.id('sess_own_a'), pg_temp.id('own_a'), pg_temp.hash('session-own-a'), now() + interval '30 days');
insert into public.auth_tokens (token_hash, user_id, purpose, expires_at) values
  (pg_temp.hash('confirm-none'), pg_temp.id('none'), 'confirm_email', now() + interval '1 day'),
  (pg_temp.hash('reset-own-a'), pg_temp.id('own_a'), 'reset_password', now() + interval '1 hour');
insert into public.sign_in_attempts (account, address, succeeded) values
  ('none@example.org', '192.0.2.1', true),
  ('owner.a@example.org', '192.0.2.2', false);

-- The trigger on auth.users made one profile per user, with the email copied.
select set_eq(
  $$ select f.label || ' ' || p.email from public.profiles p join pg_temp.fx f on f.id = p.id $$,
  $$ select label || ' ' || email from pg_temp.fx where email is not null $$,
  'a profile follows each new auth.users row, with its email');

-- ---------------------------------------------------------------------------------------------
-- Part 1: the matrix

-- Reads: the labels each actor sees (null: the read itself is refused, 42501).
create temporary table reads (
  seq serial, what text not null, query text not null,
  anon text[], "none" text[], prac text[], moder text[], plan text[], admin text[], own_a text[], ed_a text[], own_b text[]
);
insert into reads (what, query, anon, "none", prac, moder, plan, admin, own_a, ed_a, own_b) values
  ('profiles',
   $$ select f.label from public.profiles t join pg_temp.fx f on f.id = t.id $$,
   '{}', '{none}', '{prac}', '{moder}', '{plan}',
   '{none,prac,moder,plan,admin,own_a,ed_a,own_b}', '{own_a,ed_a}', '{own_a,ed_a}', '{own_b}'),
  ('user_roles',
   $$ select f.label || ':' || t.role from public.user_roles t join pg_temp.fx f on f.id = t.user_id $$,
   '{}', '{}', '{prac:practitioner}', '{moder:moderator}', '{plan:planner}',
   '{prac:practitioner,moder:moderator,plan:planner,admin:admin}', '{}', '{}', '{}'),
  ('organisation_members',
   $$ select o.label || ':' || u.label || ':' || t.role from public.organisation_members t
        join pg_temp.fx o on o.id = t.organisation_id join pg_temp.fx u on u.id = t.user_id $$,
   '{}', '{}', '{}', '{A:own_a:owner,A:ed_a:editor,B:own_b:owner}', '{}',
   '{A:own_a:owner,A:ed_a:editor,B:own_b:owner}', '{A:own_a:owner,A:ed_a:editor}', '{A:own_a:owner,A:ed_a:editor}',
   '{B:own_b:owner}'),
  ('invitations',
   $$ select f.label from public.invitations t join pg_temp.fx f on f.id = t.id $$,
   '{}', '{}', '{}', '{inv_ed_a,inv_ed_b,inv_revoked}', '{}',
   '{inv_prac,inv_ed_a,inv_ed_b,inv_plan,inv_expired,inv_revoked}', '{inv_ed_a,inv_revoked}', '{}', '{inv_ed_b}'),
  ('outbox',
   $$ select f.label from public.outbox t join pg_temp.fx f on f.id = t.id $$,
   '{}', '{}', '{}', '{}', '{}', '{mail_ed_b,mail_confirm}', '{}', '{}', '{}'),
  ('auth_sessions (id)',
   $$ select f.label from public.auth_sessions t join pg_temp.fx f on f.id = t.id $$,
   null, '{sess_none}', '{}', '{}', '{}', '{}', '{sess_own_a}', '{}', '{}'),
  ('auth_sessions.token_hash',
   $$ select token_hash from public.auth_sessions $$,
   null, null, null, null, null, null, null, null, null),
  ('auth_tokens',
   $$ select token_hash from public.auth_tokens $$,
   null, null, null, null, null, null, null, null, null),
  ('sign_in_attempts',
   $$ select account from public.sign_in_attempts $$,
   null, null, null, null, null, null, null, null, null),
  ('organisations',
   $$ select f.label from public.organisations t join pg_temp.fx f on f.id = t.id $$,
   '{A,B}', '{A,B}', '{A,B}', '{A,B}', '{A,B}', '{A,B}', '{A,B}', '{A,B}', '{A,B}'),
  ('locations',
   $$ select f.label from public.locations t join pg_temp.fx f on f.id = t.id $$,
   '{LA,LA2,LB}', '{LA,LA2,LB}', '{LA,LA2,LB}', '{LA,LA2,LB}', '{LA,LA2,LB}', '{LA,LA2,LB}', '{LA,LA2,LB}',
   '{LA,LA2,LB}', '{LA,LA2,LB}'),
  ('offers',
   $$ select f.label from public.offers t join pg_temp.fx f on f.id = t.id $$,
   '{oA1,oB1}', '{oA1,oB1}', '{oA1,oB1}', '{oA1,oA2,oB1,oB2}', '{oA1,oB1}', '{oA1,oA2,oB1,oB2}',
   '{oA1,oA2,oB1}', '{oA1,oA2,oB1}', '{oA1,oB1,oB2}'),
  ('offer_outcomes',
   $$ select f.label || ':' || t.outcome_id from public.offer_outcomes t join pg_temp.fx f on f.id = t.offer_id $$,
   '{oA1:seeing-people,oB1:feeling-safe}', '{oA1:seeing-people,oB1:feeling-safe}', '{oA1:seeing-people,oB1:feeling-safe}',
   '{oA1:seeing-people,oA2:things-to-do,oB1:feeling-safe,oB2:staying-well}', '{oA1:seeing-people,oB1:feeling-safe}',
   '{oA1:seeing-people,oA2:things-to-do,oB1:feeling-safe,oB2:staying-well}',
   '{oA1:seeing-people,oA2:things-to-do,oB1:feeling-safe}', '{oA1:seeing-people,oA2:things-to-do,oB1:feeling-safe}',
   '{oA1:seeing-people,oB1:feeling-safe,oB2:staying-well}'),
  ('offer_locations',
   $$ select o.label || ':' || l.label from public.offer_locations t
        join pg_temp.fx o on o.id = t.offer_id join pg_temp.fx l on l.id = t.location_id $$,
   '{oA1:LA,oB1:LB}', '{oA1:LA,oB1:LB}', '{oA1:LA,oB1:LB}', '{oA1:LA,oA2:LA,oB1:LB,oB2:LB}', '{oA1:LA,oB1:LB}',
   '{oA1:LA,oA2:LA,oB1:LB,oB2:LB}', '{oA1:LA,oA2:LA,oB1:LB}', '{oA1:LA,oA2:LA,oB1:LB}', '{oA1:LA,oB1:LB,oB2:LB}'),
  ('schedules',
   $$ select f.label from public.schedules t join pg_temp.fx f on f.id = t.id $$,
   '{sA1,sB1}', '{sA1,sB1}', '{sA1,sB1}', '{sA1,sA2,sB1,sB2}', '{sA1,sB1}', '{sA1,sA2,sB1,sB2}',
   '{sA1,sA2,sB1}', '{sA1,sA2,sB1}', '{sA1,sB1,sB2}');

-- Writes: rows changed, or 'denied' (42501: no privilege, or refused by a policy). Updates and
-- deletes aim at every fixture row.
create temporary table writes (
  seq serial, what text not null, stmt text not null,
  anon text, "none" text, prac text, moder text, plan text, admin text, own_a text, ed_a text, own_b text
);
insert into writes (what, stmt, anon, "none", prac, moder, plan, admin, own_a, ed_a, own_b) values
  -- profiles: follow auth.users; people change their own name and language only.
  ('insert a profile',
   $$ insert into public.profiles (id, display_name) values (pg_temp.id('none'), 'Twin') $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('update display_name of every profile',
   $$ update public.profiles set display_name = 'Renamed' where id in (select id from pg_temp.fx) $$,
   'denied', '1', '1', '1', '1', '1', '1', '1', '1'),
  ('delete every profile',
   $$ delete from public.profiles where id in (select id from pg_temp.fx) $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  -- user_roles: admins grant (as themselves) and remove.
  ('grant none the planner role',
   $$ insert into public.user_roles (user_id, role, granted_by) values (pg_temp.id('none'), 'planner', auth.uid()) $$,
   'denied', 'denied', 'denied', 'denied', 'denied', '1', 'denied', 'denied', 'denied'),
  ('update every role',
   $$ update public.user_roles set granted_at = now() where user_id in (select id from pg_temp.fx) $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('delete every role but admin',
   $$ delete from public.user_roles where role <> 'admin' and user_id in (select id from pg_temp.fx) $$,
   '0', '0', '0', '0', '0', '3', '0', '0', '0'),
  -- organisation_members: moderators add; owners change roles; owners, moderators and the member remove.
  ('add none to B as editor',
   $$ insert into public.organisation_members (organisation_id, user_id, role) values (pg_temp.id('B'), pg_temp.id('none'), 'editor') $$,
   'denied', 'denied', 'denied', '1', 'denied', '1', 'denied', 'denied', 'denied'),
  ('update the role of every member',
   $$ update public.organisation_members set role = role where organisation_id in (select id from pg_temp.fx) $$,
   'denied', '0', '0', '0', '0', '0', '2', '0', '1'),
  ('delete every editor',
   $$ delete from public.organisation_members where role = 'editor' and organisation_id in (select id from pg_temp.fx) $$,
   '0', '0', '0', '1', '0', '1', '1', '1', '0'),
  -- invitations: owners invite editors, admins invite to site roles; revoking is the only change.
  ('invite an editor to A',
   $$ insert into public.invitations (email, role, organisation_id, token_hash, invited_by)
      values ('new@example.org', 'editor', pg_temp.id('A'), pg_temp.hash('token-new-editor'), auth.uid()) $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', '1', 'denied', 'denied'),
  ('invite a planner',
   $$ insert into public.invitations (email, role, token_hash, invited_by)
      values ('new@example.org', 'planner', pg_temp.hash('token-new-planner'), auth.uid()) $$,
   'denied', 'denied', 'denied', 'denied', 'denied', '1', 'denied', 'denied', 'denied'),
  ('revoke every unrevoked invitation',
   $$ update public.invitations set revoked_at = now() where revoked_at is null and id in (select id from pg_temp.fx) $$,
   'denied', '0', '0', '0', '0', '3', '1', '0', '1'),
  ('update the email of every invitation',
   $$ update public.invitations set email = 'else@example.org' where id in (select id from pg_temp.fx) $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('delete every invitation',
   $$ delete from public.invitations where id in (select id from pg_temp.fx) $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  -- outbox: only the server writes mail (as service_role), not even an inviter for their own invitation.
  ('queue the mail of admin''s open invitation inv_plan',
   $$ insert into public.outbox (to_email, kind, subject, body, invitation_id)
      values ('none@example.org', 'invitation', 'You are invited', 'https://example.org/invitation/token-plan', pg_temp.id('inv_plan')) $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('queue a reset_password mail',
   $$ insert into public.outbox (to_email, kind, subject, body)
      values ('none@example.org', 'reset_password', 'Reset your password', 'https://evil.example/reset') $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('update every outbox row',
   $$ update public.outbox set sent_at = now() where id in (select id from pg_temp.fx) $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('delete every outbox row',
   $$ delete from public.outbox where id in (select id from pg_temp.fx) $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  -- auth_sessions, auth_tokens, sign_in_attempts: the server's (service_role) only.
  ('insert a session',
   $$ insert into public.auth_sessions (user_id, token_hash, expires_at)
      values (pg_temp.id('admin'), pg_temp.hash('session-forged'), now() + interval '1 day') $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('update every session',
   $$ update public.auth_sessions set expires_at = now() + interval '10 years' where id in (select id from pg_temp.fx) $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('delete every session',
   $$ delete from public.auth_sessions where id in (select id from pg_temp.fx) $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('insert an auth token',
   $$ insert into public.auth_tokens (token_hash, user_id, purpose, expires_at)
      values (pg_temp.hash('reset-forged'), pg_temp.id('admin'), 'reset_password', now() + interval '1 hour') $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('update every auth token',
   $$ update public.auth_tokens set expires_at = now() + interval '1 year' where user_id in (select id from pg_temp.fx) $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('delete every auth token',
   $$ delete from public.auth_tokens where user_id in (select id from pg_temp.fx) $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('insert a sign-in attempt',
   $$ insert into public.sign_in_attempts (account, address, succeeded) values ('admin@example.org', '192.0.2.9', true) $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('update every sign-in attempt',
   $$ update public.sign_in_attempts set succeeded = true where account like '%@example.org' $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('delete every sign-in attempt',
   $$ delete from public.sign_in_attempts where account like '%@example.org' $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  -- The directory: members edit their own organisation's rows, moderators all, admins also delete organisations.
  ('insert an organisation',
   $$ insert into public.organisations (name, status) values ('New group', 'pending') $$,
   'denied', 'denied', 'denied', '1', 'denied', '1', 'denied', 'denied', 'denied'),
  ('update every organisation',
   $$ update public.organisations set description_en = 'Edited' where id in (select id from pg_temp.fx) $$,
   '0', '0', '0', '2', '0', '2', '1', '1', '1'),
  ('delete every organisation',
   $$ delete from public.organisations where id in (select id from pg_temp.fx) $$,
   '0', '0', '0', '0', '0', '2', '0', '0', '0'),
  ('insert a location of A',
   $$ insert into public.locations (organisation_id, name, lat, lng) values (pg_temp.id('A'), 'New hall', 51.6, -3.3) $$,
   'denied', 'denied', 'denied', '1', 'denied', '1', '1', '1', 'denied'),
  ('update every location',
   $$ update public.locations set name = 'Renamed hall' where id in (select id from pg_temp.fx) $$,
   '0', '0', '0', '3', '0', '3', '2', '2', '1'),
  ('delete every location',
   $$ delete from public.locations where id in (select id from pg_temp.fx) $$,
   '0', '0', '0', '3', '0', '3', '2', '2', '1'),
  ('insert a draft offer of A',
   $$ insert into public.offers (organisation_id, title_en, kind, cost, access, attendance)
      values (pg_temp.id('A'), 'New offer', 'activity', 'free', 'drop_in', 'in_person') $$,
   'denied', 'denied', 'denied', '1', 'denied', '1', '1', '1', 'denied'),
  ('update every offer',
   $$ update public.offers set title_en = 'Renamed offer' where id in (select id from pg_temp.fx) $$,
   '0', '0', '0', '4', '0', '4', '2', '2', '2'),
  ('delete every offer',
   $$ delete from public.offers where id in (select id from pg_temp.fx) $$,
   '0', '0', '0', '4', '0', '4', '2', '2', '2'),
  ('insert an outcome of oA2',
   $$ insert into public.offer_outcomes (offer_id, outcome_id) values (pg_temp.id('oA2'), 'skills') $$,
   'denied', 'denied', 'denied', '1', 'denied', '1', '1', '1', 'denied'),
  ('update every offer outcome',
   $$ update public.offer_outcomes set outcome_id = 'skills' where offer_id in (select id from pg_temp.fx) $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('delete every offer outcome',
   $$ delete from public.offer_outcomes where offer_id in (select id from pg_temp.fx) $$,
   '0', '0', '0', '4', '0', '4', '2', '2', '2'),
  ('link oA1 to LA2',
   $$ insert into public.offer_locations (offer_id, location_id) values (pg_temp.id('oA1'), pg_temp.id('LA2')) $$,
   'denied', 'denied', 'denied', '1', 'denied', '1', '1', '1', 'denied'),
  ('update every offer location',
   $$ update public.offer_locations set location_id = pg_temp.id('LA2') where offer_id in (select id from pg_temp.fx) $$,
   'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied'),
  ('delete every offer location',
   $$ delete from public.offer_locations where offer_id in (select id from pg_temp.fx) $$,
   '0', '0', '0', '4', '0', '4', '2', '2', '2'),
  ('insert a schedule of oA1',
   $$ insert into public.schedules (offer_id, freq, byday, opens_at, closes_at)
      values (pg_temp.id('oA1'), 'WEEKLY', '{MO}', '09:00', '10:00') $$,
   'denied', 'denied', 'denied', '1', 'denied', '1', '1', '1', 'denied'),
  ('update every schedule',
   $$ update public.schedules set opens_at = '06:00' where id in (select id from pg_temp.fx) $$,
   '0', '0', '0', '4', '0', '4', '2', '2', '2'),
  ('delete every schedule',
   $$ delete from public.schedules where id in (select id from pg_temp.fx) $$,
   '0', '0', '0', '4', '0', '4', '2', '2', '2');

grant select on reads, writes to anon, authenticated, service_role;

-- The matrix for the current actor: 15 reads and 45 writes.
create function pg_temp.matrix(actor text) returns setof text
  language plpgsql as $f$
declare
  r record;
  want jsonb;
  wanted text;
begin
  for r in select * from pg_temp.reads order by seq loop
    want := to_jsonb(r) -> actor;
    if jsonb_typeof(want) = 'null' then
      return next throws_ok(r.query, '42501', null, format('%s cannot read %s', actor, r.what));
    else
      return next set_eq(r.query, array(select jsonb_array_elements_text(want)),
        format('%s reads %s: %s', actor, r.what, array(select jsonb_array_elements_text(want))));
    end if;
  end loop;
  for r in select * from pg_temp.writes order by seq loop
    wanted := to_jsonb(r) ->> actor;
    return next is(pg_temp.attempt(r.stmt), case when wanted = 'denied' then 'error 42501' else wanted end,
      format('%s: %s → %s', actor, r.what, case when wanted = 'denied' then 'denied (42501)' else wanted || ' row(s)' end));
  end loop;
end $f$;

select pg_temp.act('anon');
select * from pg_temp.matrix('anon');
select pg_temp.act('none');
select * from pg_temp.matrix('none');
select pg_temp.act('prac');
select * from pg_temp.matrix('prac');
select pg_temp.act('moder');
select * from pg_temp.matrix('moder');
select pg_temp.act('plan');
select * from pg_temp.matrix('plan');
select pg_temp.act('admin');
select * from pg_temp.matrix('admin');
select pg_temp.act('own_a');
select * from pg_temp.matrix('own_a');
select pg_temp.act('ed_a');
select * from pg_temp.matrix('ed_a');
select pg_temp.act('own_b');
select * from pg_temp.matrix('own_b');

-- service_role (the server) reads and writes everything, guards do not apply to it.
select pg_temp.act('service_role');
select is((select count(*)::int from public.auth_sessions s join pg_temp.fx f on f.id = s.id where s.token_hash is not null),
  2, 'service_role reads sessions with their token hashes');
select is((select count(*)::int from public.auth_tokens where user_id in (select id from pg_temp.fx)),
  2, 'service_role reads auth tokens');
select is((select count(*)::int from public.sign_in_attempts where account like '%@example.org'),
  2, 'service_role reads sign-in attempts');
select is((select count(*)::int from public.outbox where id in (select id from pg_temp.fx)),
  2, 'service_role reads the outbox');
select is(pg_temp.attempt($$ insert into public.sign_in_attempts (account, address, succeeded) values ('x@example.org', '192.0.2.3', false) $$),
  '1', 'service_role records a sign-in attempt');
select is(pg_temp.attempt($$ update public.offers set status = 'published' where id = pg_temp.id('oB2') $$),
  '1', 'service_role may publish an offer of an unverified organisation (guards are for requests)');
select pg_temp.act('owner');

-- ---------------------------------------------------------------------------------------------
-- Part 2: escalation attempts and the account functions, in order (effects are kept)

-- Roles: nobody grants themselves admin.
select pg_temp.act('none');
select throws_ok($$ insert into public.user_roles (user_id, role, granted_by) values (auth.uid(), 'admin', auth.uid()) $$,
  '42501', null, 'a user without a role cannot grant themselves admin');
select pg_temp.act('moder');
select throws_ok($$ insert into public.user_roles (user_id, role, granted_by) values (auth.uid(), 'admin', auth.uid()) $$,
  '42501', null, 'a moderator cannot grant themselves admin');
select pg_temp.act('plan');
select throws_ok($$ insert into public.user_roles (user_id, role, granted_by) values (auth.uid(), 'admin', pg_temp.id('admin')) $$,
  '42501', null, 'a planner cannot grant themselves admin in an admin''s name');
select pg_temp.act('admin');
select throws_ok($$ insert into public.user_roles (user_id, role, granted_by) values (pg_temp.id('none'), 'moderator', pg_temp.id('moder')) $$,
  '42501', null, 'an admin grants roles in their own name only');

-- Profiles: the email is a copy of auth.users, not the user's to change.
select pg_temp.act('prac');
select throws_ok($$ update public.profiles set email = 'admin@example.org' where id = auth.uid() $$,
  '42501', null, 'a user cannot change the email on their own profile');
select is(pg_temp.attempt($$ update public.profiles set display_name = 'Pat', language = 'cy' where id = auth.uid() $$),
  '1', 'a user changes their own display name and language');
select is(pg_temp.attempt($$ update public.profiles set display_name = 'Hijacked' where id = pg_temp.id('admin') $$),
  '0', 'a user cannot rename someone else');

-- Memberships: an editor cannot make themselves owner, by update or by insert.
select pg_temp.act('ed_a');
select is(pg_temp.attempt($$ update public.organisation_members set role = 'owner' where user_id = auth.uid() $$),
  '0', 'an editor cannot make themselves owner');
select throws_ok($$ insert into public.organisation_members (organisation_id, user_id, role) values (pg_temp.id('A'), auth.uid(), 'owner')
                    on conflict (organisation_id, user_id) do update set role = 'owner' $$,
  '42501', null, 'an editor cannot insert themselves as owner');
select is(pg_temp.attempt($$ delete from public.organisation_members where user_id = pg_temp.id('own_a') $$),
  '0', 'an editor cannot remove the owner');
select pg_temp.act('own_b');
select throws_ok($$ insert into public.organisation_members (organisation_id, user_id, role) values (pg_temp.id('A'), auth.uid(), 'owner') $$,
  '42501', null, 'an owner of B cannot join A');
select is(pg_temp.attempt($$ update public.organisation_members set role = 'editor' where organisation_id = pg_temp.id('A') $$),
  '0', 'an owner of B cannot change A''s members');

-- Another organisation's rows, by id.
select is(pg_temp.attempt($$ update public.offers set title_en = 'Hijacked', status = 'archived' where id = pg_temp.id('oA1') $$),
  '0', 'a member of B cannot update A''s offer by id');
select is(pg_temp.attempt($$ delete from public.offers where id = pg_temp.id('oA1') $$),
  '0', 'a member of B cannot delete A''s offer by id');
select is(pg_temp.attempt($$ update public.schedules set opens_at = '03:00' where id = pg_temp.id('sA1') $$),
  '0', 'a member of B cannot update A''s schedule by id');
select is(pg_temp.attempt($$ update public.locations set name = 'Hijacked' where id = pg_temp.id('LA') $$),
  '0', 'a member of B cannot update A''s location by id');
select is(pg_temp.attempt($$ delete from public.offer_outcomes where offer_id = pg_temp.id('oA1') $$),
  '0', 'a member of B cannot remove A''s offer outcomes');
select throws_ok($$ insert into public.offers (organisation_id, title_en, kind, cost, access, attendance)
                    values (pg_temp.id('A'), 'Planted offer', 'activity', 'free', 'drop_in', 'in_person') $$,
  '42501', null, 'a member of B cannot add an offer to A');
select throws_ok($$ insert into public.schedules (offer_id, freq, byday, opens_at, closes_at)
                    values (pg_temp.id('oA2'), 'WEEKLY', '{MO}', '09:00', '10:00') $$,
  '42501', null, 'a member of B cannot add a schedule to A''s offer');

-- Publishing: only a verified organisation's members publish their offers.
select throws_ok($$ update public.offers set status = 'published' where id = pg_temp.id('oB2') $$,
  '42501', 'Only a moderator can publish an offer of an unverified organisation',
  'a member of unverified B cannot publish its draft offer');
select throws_ok($$ insert into public.offers (organisation_id, title_en, kind, cost, access, attendance, status)
                    values (pg_temp.id('B'), 'Straight to published', 'activity', 'free', 'drop_in', 'in_person', 'published') $$,
  '42501', 'Only a moderator can publish an offer of an unverified organisation',
  'a member of unverified B cannot insert a published offer');
select is(pg_temp.attempt($$ update public.offers set title_en = 'Peer support (edited)' where id = pg_temp.id('oB1') $$),
  '1', 'a member of unverified B may edit its offer that a moderator already published');
select throws_ok($$ update public.offers set is_demo = true where id = pg_temp.id('oB1') $$,
  '42501', 'Only a moderator can mark demonstration data', 'a member cannot mark an offer as demonstration data');
select pg_temp.act('none');
select throws_ok($$ insert into public.offers (organisation_id, title_en, kind, cost, access, attendance, status)
                    values (pg_temp.id('B'), 'Probe', 'activity', 'free', 'drop_in', 'in_person', 'published') $$,
  '42501', 'new row violates row-level security policy for table "offers"',
  'someone outside B gets the plain RLS refusal, which says nothing about whether B is verified');
select pg_temp.act('own_a');
select is(pg_temp.attempt($$ update public.offers set status = 'published' where id = pg_temp.id('oA2') $$),
  '1', 'a member of verified A publishes its draft offer');
select throws_ok($$ update public.offers set organisation_id = pg_temp.id('B') where id = pg_temp.id('oA1') $$,
  '42501', null, 'a member of A cannot move an offer to B');
select pg_temp.act('moder');
select is(pg_temp.attempt($$ update public.offers set status = 'published' where id = pg_temp.id('oB2') $$),
  '1', 'a moderator publishes an offer of unverified B');

-- Verifying and publishing organisations is for moderators.
select pg_temp.act('own_b');
select throws_ok($$ update public.organisations set verified_at = now() where id = pg_temp.id('B') $$,
  '42501', 'Only a moderator can verify an organisation', 'a member cannot verify their organisation');
select throws_ok($$ update public.organisations set is_demo = true where id = pg_temp.id('B') $$,
  '42501', 'Only a moderator can verify an organisation', 'a member cannot mark their organisation as demonstration data');
select pg_temp.act('own_a');
select throws_ok($$ update public.organisations set verified_at = null where id = pg_temp.id('A') $$,
  '42501', 'Only a moderator can verify an organisation', 'a member cannot change verified_at at all');
select pg_temp.act('own_b');
select lives_ok($$ update public.organisations set status = 'pending' where id = pg_temp.id('B') $$,
  'a member may take their organisation back to pending');
select set_eq($$ select f.label from public.offers t join pg_temp.fx f on f.id = t.id where t.organisation_id = pg_temp.id('B') $$,
  array['oB1', 'oB2'], 'members still read their pending organisation''s offers');
select throws_ok($$ update public.organisations set status = 'published' where id = pg_temp.id('B') $$,
  '42501', 'Only a moderator can publish an organisation', 'a member cannot publish their organisation');
select pg_temp.act('anon');
select set_eq($$ select f.label from public.organisations t join pg_temp.fx f on f.id = t.id $$,
  array['A'], 'anon no longer reads the pending organisation');
select pg_temp.act('moder');
select is(pg_temp.attempt($$ update public.organisations set verified_at = now() where id = pg_temp.id('B') $$),
  '1', 'a moderator verifies an organisation');
select lives_ok($$ update public.organisations set status = 'published' where id = pg_temp.id('B') $$,
  'a moderator publishes an organisation');

-- An offer runs only at its own organisation's places.
select pg_temp.act('own_a');
select throws_ok($$ insert into public.offer_locations (offer_id, location_id) values (pg_temp.id('oA1'), pg_temp.id('LB')) $$,
  '42501', null, 'a member of A cannot link A''s offer to B''s location');
select pg_temp.act('own_b');
select throws_ok($$ insert into public.offer_locations (offer_id, location_id) values (pg_temp.id('oB1'), pg_temp.id('LA')) $$,
  '42501', null, 'a member of B cannot link B''s offer to A''s location');
select pg_temp.act('moder');
select throws_ok($$ insert into public.offer_locations (offer_id, location_id) values (pg_temp.id('oA1'), pg_temp.id('LB')) $$,
  '42501', null, 'not even a moderator links an offer to another organisation''s location');

-- Inviting: as yourself, to your own organisation, unused; the mail only for your own open invitation.
select pg_temp.act('own_a');
select throws_ok($$ insert into public.invitations (email, role, organisation_id, token_hash, invited_by)
                    values ('mole@example.org', 'editor', pg_temp.id('B'), pg_temp.hash('token-mole'), auth.uid()) $$,
  '42501', null, 'an owner of A cannot invite editors to B');
select throws_ok($$ insert into public.invitations (email, role, organisation_id, token_hash, invited_by)
                    values ('new@example.org', 'editor', pg_temp.id('A'), pg_temp.hash('token-spoof'), pg_temp.id('admin')) $$,
  '42501', null, 'an owner cannot invite in someone else''s name');
select throws_ok($$ insert into public.invitations (email, role, organisation_id, token_hash, invited_by, accepted_at, accepted_by)
                    values ('new@example.org', 'editor', pg_temp.id('A'), pg_temp.hash('token-pre'), auth.uid(), now(), auth.uid()) $$,
  '42501', null, 'an owner cannot insert an invitation that is already accepted');
select throws_ok($$ insert into public.invitations (email, role, token_hash, invited_by)
                    values ('new@example.org', 'moderator', pg_temp.hash('token-mod'), auth.uid()) $$,
  '42501', null, 'an owner cannot invite to a site role');
select throws_ok($$ insert into public.outbox (to_email, kind, subject, body, invitation_id)
                    values ('none@example.org', 'invitation', 'Again', 'https://example.org/x', pg_temp.id('inv_revoked')) $$,
  '42501', null, 'an inviter cannot queue mail for a revoked invitation');
select pg_temp.act('admin');
select throws_ok($$ insert into public.outbox (to_email, kind, subject, body, invitation_id)
                    values ('someone.else@example.org', 'invitation', 'You are invited', 'https://example.org/x', pg_temp.id('inv_plan')) $$,
  '42501', null, 'an inviter cannot queue mail (the server writes it)');
select throws_ok($$ insert into public.outbox (to_email, kind, subject, body, invitation_id)
                    values ('none@example.org', 'invitation', 'You are invited', 'https://example.org/x', pg_temp.id('inv_ed_b')) $$,
  '42501', null, 'an admin cannot queue mail for an invitation someone else sent');
select throws_ok($$ insert into public.outbox (to_email, kind, subject, body, invitation_id)
                    values ('none@example.org', 'invitation', 'You are invited', 'https://example.org/x', pg_temp.id('inv_expired')) $$,
  '42501', null, 'an inviter cannot queue mail for an expired invitation');

-- Accepting invitations.
select pg_temp.act('anon');
select throws_ok($$ select public.accept_invitation('token-ed-b') $$, '42501', null, 'anon cannot call accept_invitation');
select pg_temp.act('prac');
select throws_ok($$ select public.accept_invitation('token-ed-b') $$,
  'P0001', 'Invitation is for another email address', 'an invitation for another email address is refused');
select is(pg_temp.hint_of($$ select public.accept_invitation('token-ed-b') $$),
  'invitation_other_email', '… with the hint invitation_other_email');
select pg_temp.act('none');
select throws_ok($$ select public.accept_invitation('token-nobody-sent') $$,
  'P0001', 'No such invitation', 'an unknown token is refused');
select is(pg_temp.hint_of($$ select public.accept_invitation('token-nobody-sent') $$),
  'invitation_not_found', '… with the hint invitation_not_found');
select throws_ok($$ select public.accept_invitation('token-expired') $$,
  'P0001', 'Invitation expired', 'an expired invitation is refused');
select is(pg_temp.hint_of($$ select public.accept_invitation('token-expired') $$),
  'invitation_expired', '… with the hint invitation_expired');
select throws_ok($$ select public.accept_invitation('token-revoked') $$,
  'P0001', 'Invitation revoked', 'a revoked invitation is refused');
select is(pg_temp.hint_of($$ select public.accept_invitation('token-revoked') $$),
  'invitation_revoked', '… with the hint invitation_revoked');
select throws_ok($$ select public.accept_invitation(pg_temp.hash('token-ed-b')) $$,
  'P0001', 'No such invitation', 'the stored hash is not a token');
select lives_ok($$ select public.accept_invitation('token-ed-b') $$, 'the invited person accepts an editor invitation');
select set_eq($$ select o.label || ':' || u.label || ':' || t.role from public.organisation_members t
                 join pg_temp.fx o on o.id = t.organisation_id join pg_temp.fx u on u.id = t.user_id $$,
  array['B:own_b:owner', 'B:none:editor'], '… and is at once an editor of B, reading its members');
select set_eq($$ select f.label from public.offers t join pg_temp.fx f on f.id = t.id where t.organisation_id = pg_temp.id('B') $$,
  array['oB1', 'oB2'], '… and its draft offers');
select throws_ok($$ select public.accept_invitation('token-ed-b') $$,
  'P0001', 'Invitation already used', 'an invitation is used once');
select is(pg_temp.hint_of($$ select public.accept_invitation('token-ed-b') $$),
  'invitation_used', '… with the hint invitation_used');
select pg_temp.act('none', 'None@Example.ORG');
select lives_ok($$ select public.accept_invitation('token-plan') $$,
  'a site-role invitation is accepted whatever the case of the signed-in email');
select is(public.has_role('planner'), true, '… and the invited person is a planner at once');
select pg_temp.act('owner');
select results_eq(
  $$ select t.invitation_id, t.granted_by from public.user_roles t where t.user_id = pg_temp.id('none') and t.role = 'planner' $$,
  $$ values (pg_temp.id('inv_plan'), pg_temp.id('admin')) $$,
  'the role records its invitation and who invited');
select results_eq(
  $$ select accepted_by, accepted_at is not null from public.invitations where id in (pg_temp.id('inv_ed_b'), pg_temp.id('inv_plan')) $$,
  $$ values (pg_temp.id('none'), true), (pg_temp.id('none'), true) $$,
  'accepted invitations record who accepted them and when');
select results_eq(
  $$ select invitation_id from public.organisation_members where organisation_id = pg_temp.id('B') and user_id = pg_temp.id('none') $$,
  $$ values (pg_temp.id('inv_ed_b')) $$,
  'the membership records its invitation');

-- Revoking an accepted invitation takes away what it gave, at once.
select pg_temp.act('admin');
select lives_ok($$ update public.invitations set revoked_at = now() where id = pg_temp.id('inv_prac') $$,
  'an admin revokes the accepted practitioner invitation');
select pg_temp.act('prac');
select is(public.has_role('practitioner'), false, '… and prac is no longer a practitioner');
select is_empty($$ select role from public.user_roles where user_id = auth.uid() $$, '… and holds no role');
select pg_temp.act('owner');
select results_eq($$ select revoked_by from public.invitations where id = pg_temp.id('inv_prac') $$,
  $$ values (pg_temp.id('admin')) $$, 'the invitation records who revoked it');
select pg_temp.act('admin');
select throws_ok($$ update public.invitations set revoked_at = null where id = pg_temp.id('inv_prac') $$,
  '42501', 'A revoked invitation stays revoked', 'a revoked invitation cannot be restored');
select pg_temp.act('own_b');
select is(pg_temp.attempt($$ update public.invitations set revoked_at = now() where id = pg_temp.id('inv_ed_a') $$),
  '0', 'an owner of B cannot revoke A''s invitations');
select pg_temp.act('own_a');
select lives_ok($$ update public.invitations set revoked_at = now() where id = pg_temp.id('inv_ed_a') $$,
  'an owner revokes the accepted editor invitation');
select set_eq($$ select u.label from public.organisation_members t join pg_temp.fx u on u.id = t.user_id $$,
  array['own_a'], '… and the editor is no longer a member of A');
select pg_temp.act('ed_a');
select is(public.is_member_of(pg_temp.id('A')), false, '… as the former editor sees at once');
select is(pg_temp.attempt($$ update public.offers set title_en = 'Still mine?' where id = pg_temp.id('oA2') $$),
  '0', '… who can no longer edit A''s offers');
select set_eq($$ select f.label from public.offers t join pg_temp.fx f on f.id = t.id $$,
  array['oA1', 'oB1'], '… nor read A''s draft offer');

select pg_temp.act('own_b');
select lives_ok($$ update public.invitations set revoked_at = now() where id = pg_temp.id('inv_ed_b') $$,
  'an owner revokes the editor invitation that none accepted');
select set_eq($$ select u.label from public.organisation_members t join pg_temp.fx u on u.id = t.user_id $$,
  array['own_b'], '… and none is no longer a member of B');
select pg_temp.act('owner');
select is_empty($$ select id from public.outbox where invitation_id = pg_temp.id('inv_ed_b') $$,
  '… and the invitation''s unsent mail is withdrawn');

-- Revoking takes away only what the invitation gave: a role held before it stays.
select pg_temp.act('admin');
select lives_ok($$ insert into public.invitations (email, role, token_hash, invited_by)
                   values ('plan@example.org', 'planner', pg_temp.hash('token-plan-again'), auth.uid()) $$,
  'an admin invites a planner who already is one');
select pg_temp.act('plan');
select lives_ok($$ select public.accept_invitation('token-plan-again') $$, '… who accepts');
select pg_temp.act('admin');
select lives_ok($$ update public.invitations set revoked_at = now() where token_hash = pg_temp.hash('token-plan-again') $$,
  '… and the admin then revokes that invitation');
select pg_temp.act('plan');
select is(public.has_role('planner'), true, '… which leaves the planner role they held before it');

-- An organisation keeps an owner; the site keeps an admin.
select pg_temp.act('own_b');
select throws_ok($$ delete from public.organisation_members where user_id = auth.uid() and organisation_id = pg_temp.id('B') $$,
  'P0001', 'An organisation needs at least one owner', 'the last owner cannot leave');
select is(pg_temp.hint_of($$ delete from public.organisation_members where user_id = auth.uid() and organisation_id = pg_temp.id('B') $$),
  'last_owner', '… with the hint last_owner');
select throws_ok($$ update public.organisation_members set role = 'editor' where user_id = auth.uid() and organisation_id = pg_temp.id('B') $$,
  'P0001', 'An organisation needs at least one owner', 'the last owner cannot step down to editor');
select pg_temp.act('moder');
select throws_ok($$ delete from public.organisation_members where user_id = pg_temp.id('own_b') and organisation_id = pg_temp.id('B') $$,
  'P0001', 'An organisation needs at least one owner', 'not even a moderator removes the last owner');
select lives_ok($$ insert into public.organisation_members (organisation_id, user_id, role) values (pg_temp.id('B'), pg_temp.id('plan'), 'owner') $$,
  'a moderator adds a second owner (an approved claim)');
select pg_temp.act('own_b');
select is(pg_temp.attempt($$ delete from public.organisation_members where user_id = auth.uid() and organisation_id = pg_temp.id('B') $$),
  '1', 'with another owner, an owner may leave');
select pg_temp.act('admin');
select throws_ok($$ delete from public.user_roles where user_id = auth.uid() and role = 'admin' $$,
  'P0001', 'The site needs at least one admin', 'the last admin cannot remove their admin role');

-- my_account(): what auth.users holds about the caller, and no one else.
select pg_temp.act('anon');
select throws_ok($$ select * from public.my_account() $$, '42501', null, 'anon cannot call my_account');
select pg_temp.act('prac');
select results_eq($$ select id, email from public.my_account() $$,
  $$ values (pg_temp.id('prac'), 'prac@example.org') $$, 'my_account returns the caller''s own account only');

-- delete_my_account(): own_a also holds a role, a session, an auth token, a sign-in attempt and
-- sent invitations.
select pg_temp.act('admin');
select lives_ok($$ insert into public.user_roles (user_id, role, granted_by) values (pg_temp.id('own_a'), 'planner', auth.uid()) $$,
  'an admin grants a role');
select pg_temp.act('anon');
select throws_ok($$ select public.delete_my_account() $$, '42501', null, 'anon cannot call delete_my_account');
select pg_temp.act('admin');
select throws_ok($$ select public.delete_my_account() $$,
  'P0001', 'The site needs at least one admin', 'the last admin cannot delete their account');
select pg_temp.act('own_a');
select lives_ok($$ select public.delete_my_account() $$, 'a user deletes their account');
select pg_temp.act('owner');
select is_empty($$ select id from auth.users where id = pg_temp.id('own_a') $$, '… the auth.users row is gone');
select is_empty($$ select id from public.profiles where id = pg_temp.id('own_a') $$, '… and the profile');
select is_empty($$ select role from public.user_roles where user_id = pg_temp.id('own_a') $$, '… and the roles');
select is_empty($$ select role from public.organisation_members where user_id = pg_temp.id('own_a') $$, '… and the memberships');
select is_empty($$ select id from public.auth_sessions where user_id = pg_temp.id('own_a') $$, '… and the sessions');
select is_empty($$ select purpose from public.auth_tokens where user_id = pg_temp.id('own_a') $$, '… and the auth tokens');
select is_empty($$ select id from public.sign_in_attempts where account = 'owner.a@example.org' $$, '… and the sign-in attempts naming them');
select results_eq($$ select account from public.sign_in_attempts where account like '%@example.org' $$,
  $$ values ('none@example.org') $$, '… but not anyone else''s');
select results_eq(
  $$ select f.label, t.invited_by, t.revoked_by from public.invitations t join pg_temp.fx f on f.id = t.id
     where t.id in (pg_temp.id('inv_ed_a'), pg_temp.id('inv_revoked')) order by f.label $$,
  $$ values ('inv_ed_a', null::uuid, null::uuid), ('inv_revoked', null::uuid, null::uuid) $$,
  '… and the invitations they sent stay, without their name');
select set_eq($$ select f.label from public.organisations t join pg_temp.fx f on f.id = t.id $$,
  array['A', 'B'], 'the organisations stay');
select is((select count(*)::int from auth.users u join pg_temp.fx f on f.id = u.id),
  7, 'no one else''s account went with it');

select * from finish();
rollback;
