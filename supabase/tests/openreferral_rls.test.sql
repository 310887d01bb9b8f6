-- Open Referral (20261123000013_open_referral.sql): the term mappings and the import log are the
-- admins' (and the import's, as service_role); where a listing came from is set by an import only;
-- openreferral_metadata() gives anyone the public audit fields of published rows, never a person.
-- Run by scripts/pg15-check.sh (on PostgreSQL 15); everything is rolled back.
--
-- pg_temp.fx, id(), act() and attempt() are shared by the policy tests (helpers.psql).
-- Actors (pg_temp.act(who) sets the role and request.jwt.claims, as withClaims does):
--   anon; none (signed in, no role); own_a (owner of group A); moder (moderator); admin; service_role.

begin;
create extension if not exists pgtap with schema extensions;
select plan(21);
\ir helpers.psql

insert into fx (label, id, email) values
  ('none',  'a9000000-0000-4000-8000-000000000001', 'none@example.org'),
  ('own_a', 'a9000000-0000-4000-8000-000000000002', 'owner.a@example.org'),
  ('moder', 'a9000000-0000-4000-8000-000000000004', 'moder@example.org'),
  ('admin', 'a9000000-0000-4000-8000-000000000006', 'admin@example.org'),
  ('A',     'b9000000-0000-4000-8000-00000000000a', null),
  ('I',     'b9000000-0000-4000-8000-00000000000b', null),
  ('P',     'b9000000-0000-4000-8000-00000000000c', null),
  ('oA',    'd9000000-0000-4000-8000-0000000000a1', null),
  ('oI',    'd9000000-0000-4000-8000-0000000000b1', null),
  ('oD',    'd9000000-0000-4000-8000-0000000000a2', null);

insert into auth.users (id, email) select id, email from fx where email is not null;
insert into public.user_roles (user_id, role) values (pg_temp.id('moder'), 'moderator'), (pg_temp.id('admin'), 'admin');
insert into public.organisations (id, name, status) values (pg_temp.id('A'), 'Group A', 'published'), (pg_temp.id('P'), 'Pending group', 'pending');
insert into public.organisations (id, name, status, source, source_id, imported_at)
  values (pg_temp.id('I'), 'Imported group', 'published', 'Test directory', 'org-1', now());
insert into public.organisation_members (organisation_id, user_id, role) values (pg_temp.id('A'), pg_temp.id('own_a'), 'owner');
insert into public.offers (id, organisation_id, title_en, kind, cost, access, attendance, status) values
  (pg_temp.id('oA'), pg_temp.id('A'), 'Published offer', 'activity', 'free', 'drop_in', 'in_person', 'published'),
  (pg_temp.id('oD'), pg_temp.id('A'), 'Draft offer', 'activity', 'free', 'drop_in', 'in_person', 'draft');
insert into public.offers (id, organisation_id, title_en, kind, cost, access, attendance, status, source, source_id)
  values (pg_temp.id('oI'), pg_temp.id('I'), 'Imported offer', 'activity', 'free', 'drop_in', 'in_person', 'published', 'Test directory', 'svc-1');
insert into public.openreferral_term_mappings (taxonomy, term, outcome_id) values ('', 'Befriending', 'seeing-people');
insert into public.openreferral_imports (source, mode, outcome) values ('Test directory', 'all_or_nothing', 'imported');

-- ---------------------------------------------------------------------------------------------
-- Privileges

select ok((select bool_and(c.relrowsecurity) from pg_class c
           where c.oid in ('public.openreferral_term_mappings'::regclass, 'public.openreferral_imports'::regclass)),
  'both Open Referral tables have row-level security');
select is_empty(
  $$ select t || ' ' || r || ' ' || p from unnest(array['public.openreferral_term_mappings', 'public.openreferral_imports']) t,
       unnest(array['anon', 'authenticated']) r, unnest(array['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p
     where has_table_privilege(r, t, p)
       and not (t = 'public.openreferral_term_mappings' and r = 'authenticated' and p in ('INSERT', 'DELETE')) $$,
  'the API roles write neither table, except that a signed-in admin adds and removes mappings (RLS decides who)');
select ok(has_function_privilege('anon', 'public.openreferral_metadata(uuid[])', 'EXECUTE'), 'anyone may read the public metadata');

-- ---------------------------------------------------------------------------------------------
-- Term mappings: admins read, add and remove; nobody else

select pg_temp.act('anon');
select is(pg_temp.attempt('select * from public.openreferral_term_mappings'), 'error 42501', 'anon cannot read the mappings');
select pg_temp.act('none');
select is(pg_temp.attempt('select * from public.openreferral_term_mappings'), '0', 'a signed-in person sees no mapping');
select is(pg_temp.attempt($$ insert into public.openreferral_term_mappings (term, outcome_id, created_by) values ('x', 'skills', 'a9000000-0000-4000-8000-000000000001') $$),
  'error 42501', 'a signed-in person cannot add a mapping');
select pg_temp.act('moder');
select is(pg_temp.attempt('select * from public.openreferral_term_mappings'), '0', 'a moderator sees no mapping');
select is(pg_temp.attempt($$ delete from public.openreferral_term_mappings $$), '0', 'a moderator removes no mapping');
select pg_temp.act('admin');
select is(pg_temp.attempt('select * from public.openreferral_term_mappings'), '1', 'an admin reads the mappings');
select is(pg_temp.attempt($$ insert into public.openreferral_term_mappings (term, outcome_id, created_by) values ('Walking', 'staying-well', 'a9000000-0000-4000-8000-000000000006') $$),
  '1', 'an admin adds a mapping in their own name');
select is(pg_temp.attempt($$ insert into public.openreferral_term_mappings (term, outcome_id, created_by) values ('Walking', 'staying-well', 'a9000000-0000-4000-8000-000000000004') $$),
  'error 42501', 'an admin cannot add a mapping in someone else''s name');
select is(pg_temp.attempt($$ delete from public.openreferral_term_mappings $$), '1', 'an admin removes a mapping');

-- ---------------------------------------------------------------------------------------------
-- The import log: admins read it; only the import (service_role) writes it

select pg_temp.act('moder');
select is(pg_temp.attempt('select * from public.openreferral_imports'), '0', 'a moderator sees no import');
select pg_temp.act('admin');
select is(pg_temp.attempt('select * from public.openreferral_imports'), '1', 'an admin reads the import log');
select is(pg_temp.attempt($$ insert into public.openreferral_imports (source, mode, outcome) values ('x', 'valid_only', 'imported') $$),
  'error 42501', 'an admin cannot write the import log by hand');
select pg_temp.act('service_role');
select is(pg_temp.attempt($$ insert into public.openreferral_imports (source, mode, outcome) values ('x', 'valid_only', 'imported') $$),
  '1', 'the import writes its log');

-- ---------------------------------------------------------------------------------------------
-- Where a listing came from: an import sets it; members and moderators keep it as it was

select pg_temp.act('own_a');
select is(pg_temp.attempt($$ update public.offers set source = 'Elsewhere', source_id = 'x' where id = 'd9000000-0000-4000-8000-0000000000a1' $$),
  'error 42501', 'a group member cannot mark their offer as imported');
select is(pg_temp.attempt($$ update public.offers set title_en = 'Renamed offer' where id = 'd9000000-0000-4000-8000-0000000000b1' $$),
  '0', 'a group cannot edit an imported group''s offer it has not claimed');
select pg_temp.act('moder');
select is(pg_temp.attempt($$ update public.organisations set source = null, source_id = null where id = 'b9000000-0000-4000-8000-00000000000b' $$),
  'error 42501', 'a moderator cannot erase where a group came from');
select is(pg_temp.attempt($$ update public.organisations set name = 'Imported group (checked)' where id = 'b9000000-0000-4000-8000-00000000000b' $$),
  '1', 'a moderator still edits an imported group');

-- ---------------------------------------------------------------------------------------------
-- Public metadata: published rows only, public fields only, a role instead of a person

select pg_temp.act('owner');
insert into public.audit_log (resource_type, resource_id, organisation_id, service_id, action_type, field_name, previous_value, replacement_value, updated_by) values
  ('service', pg_temp.id('oA'), pg_temp.id('A'), pg_temp.id('oA'), 'update', 'title_en', 'Old', 'Published offer', pg_temp.id('own_a')),
  ('service', pg_temp.id('oA'), pg_temp.id('A'), pg_temp.id('oA'), 'update', 'moderation_note', null, 'private words', pg_temp.id('moder')),
  ('service', pg_temp.id('oD'), pg_temp.id('A'), pg_temp.id('oD'), 'update', 'title_en', 'Old', 'Draft offer', pg_temp.id('own_a')),
  ('organization', pg_temp.id('P'), pg_temp.id('P'), null, 'update', 'name', 'Old', 'Pending group', pg_temp.id('moder'));
select pg_temp.act('anon');
select results_eq(
  $$ select field_name, replacement_value, updated_by from public.openreferral_metadata(array[
       'd9000000-0000-4000-8000-0000000000a1', 'd9000000-0000-4000-8000-0000000000a2', 'b9000000-0000-4000-8000-00000000000c']::uuid[]) $$,
  $$ values ('title_en'::text, 'Published offer'::text, 'group'::text) $$,
  'anon gets the published offer''s public change, by "group"; not the moderator''s note, the draft or the pending group');

select * from finish();
rollback;
