-- Accounts and the security model (DESIGN.md §3–§4).
--   profiles               one per auth.users row: display name, email copy, language
--   user_roles             practitioner / moderator / planner / admin (admin may do what the others do)
--   organisation_members   user ↔ organisation as owner or editor
--   invitations            an admin invites to a role; an owner invites editors; tokens stored hashed
--   outbox                 mail waiting to go (invitations, confirmations, resets)
--   auth_sessions, auth_tokens, sign_in_attempts   local accounts only (Supabase Auth keeps its own)
-- Every policy asks small security definer helpers with an empty search_path, so a policy
-- never recurses into another table's policy and no caller can shadow what they reference.

-- ---------------------------------------------------------------------------------------------
-- Tables

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text not null default '' check (char_length(email) <= 254),
  display_name text not null default '' check (char_length(display_name) <= 100),
  language text not null default 'en' check (language in ('en', 'cy')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on column public.profiles.email is 'Copied from auth.users by trigger, so co-members can see how to reach each other.';

create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email = lower(email) and char_length(email) between 3 and 254),
  role text not null check (role in ('practitioner', 'moderator', 'planner', 'editor')),
  organisation_id uuid references public.organisations (id) on delete cascade,
  -- Editors join an organisation; the other roles are site-wide.
  check ((role = 'editor') = (organisation_id is not null)),
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  invited_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '14 days',
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  revoked_at timestamptz,
  revoked_by uuid references auth.users (id) on delete set null
);
create index invitations_organisation_idx on public.invitations (organisation_id) where organisation_id is not null;

create table public.user_roles (
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null check (role in ('practitioner', 'moderator', 'planner', 'admin')),
  invitation_id uuid references public.invitations (id) on delete set null,
  granted_by uuid references auth.users (id) on delete set null,
  granted_at timestamptz not null default now(),
  primary key (user_id, role)
);

create table public.organisation_members (
  organisation_id uuid not null references public.organisations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null check (role in ('owner', 'editor')),
  invitation_id uuid references public.invitations (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (organisation_id, user_id)
);
create index organisation_members_user_idx on public.organisation_members (user_id);

create table public.outbox (
  id uuid primary key default gen_random_uuid(),
  to_email text not null check (char_length(to_email) between 3 and 254),
  kind text not null check (kind in (
    'confirm_email', 'account_exists', 'reset_password', 'change_email', 'password_changed', 'invitation'
  )),
  subject text not null check (char_length(subject) <= 300),
  body text not null check (char_length(body) <= 10000),
  invitation_id uuid unique references public.invitations (id) on delete cascade,
  check ((kind = 'invitation') = (invitation_id is not null)),
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outbox_created_idx on public.outbox (created_at desc);

-- Local accounts only. Tokens are random; only their SHA-256 is stored, so a copy of the
-- database cannot be used to sign in.
create table public.auth_sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  user_agent text not null default '' check (char_length(user_agent) <= 300),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index auth_sessions_user_idx on public.auth_sessions (user_id);

create table public.auth_tokens (
  token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
  user_id uuid not null references auth.users (id) on delete cascade,
  purpose text not null check (purpose in ('confirm_email', 'reset_password', 'change_email')),
  new_email text check (char_length(new_email) <= 254),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index auth_tokens_user_idx on public.auth_tokens (user_id);

create table public.sign_in_attempts (
  id bigint generated always as identity primary key,
  -- Signing in, and the two actions that send mail (limited so nobody floods an inbox).
  purpose text not null default 'sign_in' check (purpose in ('sign_in', 'sign_up', 'reset')),
  account text not null check (char_length(account) <= 254),
  address text not null check (char_length(address) <= 100),
  succeeded boolean not null,
  at timestamptz not null default now()
);
create index sign_in_attempts_account_idx on public.sign_in_attempts (purpose, account, at);
create index sign_in_attempts_address_idx on public.sign_in_attempts (purpose, address, at);

create trigger profiles_updated_at before update on public.profiles for each row execute function public.set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- Helpers for policies

create function public.has_role(wanted text) returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select exists (
      select 1 from public.user_roles r
      where r.user_id = auth.uid() and (r.role = wanted or r.role = 'admin')
    )
  $$;
comment on function public.has_role(text) is 'Whether the caller holds the role; an admin holds every role.';

create function public.is_member_of(organisation uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select exists (
      select 1 from public.organisation_members m where m.user_id = auth.uid() and m.organisation_id = organisation
    )
  $$;

create function public.is_owner_of(organisation uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select exists (
      select 1 from public.organisation_members m
      where m.user_id = auth.uid() and m.organisation_id = organisation and m.role = 'owner'
    )
  $$;

create function public.shares_organisation_with(other uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select exists (
      select 1 from public.organisation_members mine
      join public.organisation_members theirs on theirs.organisation_id = mine.organisation_id
      where mine.user_id = auth.uid() and theirs.user_id = other
    )
  $$;

-- Whether the statement runs for a signed-in or anonymous request (as opposed to service_role or
-- the owner running migrations and seeds). Guards below apply their rules only then.
create function public.acting_for_a_request() returns boolean
  language sql stable
  as $$ select current_user in ('anon', 'authenticated') $$;

revoke execute on function public.has_role(text), public.is_member_of(uuid), public.is_owner_of(uuid),
  public.shares_organisation_with(uuid) from public;
grant execute on function public.has_role(text), public.is_member_of(uuid), public.is_owner_of(uuid),
  public.shares_organisation_with(uuid), public.acting_for_a_request() to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Profiles follow auth.users (Supabase's documented pattern; works the same on the emulation).

create function public.profile_follows_user() returns trigger
  language plpgsql security definer set search_path = ''
  as $$
  begin
    if tg_op = 'INSERT' then
      insert into public.profiles (id, email, display_name)
      values (new.id, coalesce(new.email, ''), left(coalesce(new.raw_user_meta_data ->> 'display_name', ''), 100))
      on conflict (id) do nothing;
    elsif new.email is distinct from old.email then
      update public.profiles set email = coalesce(new.email, '') where id = new.id;
    end if;
    return new;
  end
  $$;
create trigger profile_follows_user after insert or update of email on auth.users
  for each row execute function public.profile_follows_user();

-- ---------------------------------------------------------------------------------------------
-- Guards that RLS cannot express (which columns change, and to what)

-- A group cannot publish or verify itself; moderators do that (issue 4 adds verified groups'
-- self-publishing of offers, below).
create function public.organisation_guard() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if public.acting_for_a_request() and not public.has_role('moderator') then
      if new.verified_at is distinct from old.verified_at or new.is_demo is distinct from old.is_demo then
        raise exception 'Only a moderator can verify an organisation' using errcode = '42501';
      end if;
      if new.status is distinct from old.status and new.status not in ('draft', 'pending', 'archived') then
        raise exception 'Only a moderator can publish an organisation' using errcode = '42501';
      end if;
    end if;
    return new;
  end
  $$;
create trigger organisation_guard before update on public.organisations
  for each row execute function public.organisation_guard();

create function public.organisation_is_verified(organisation uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$ select exists (select 1 from public.organisations o where o.id = organisation and o.verified_at is not null) $$;

-- A member publishes an offer only when their organisation is verified; otherwise it waits for a
-- moderator. Not security definer: acting_for_a_request() must see the caller's role.
create function public.offer_guard() returns trigger
  language plpgsql set search_path = ''
  as $$
  begin
    if public.acting_for_a_request() and not public.has_role('moderator') then
      if new.is_demo is distinct from (case when tg_op = 'UPDATE' then old.is_demo else false end) then
        raise exception 'Only a moderator can mark demonstration data' using errcode = '42501';
      end if;
      -- Only members get this far in RLS; for anyone else, say nothing about the organisation.
      if new.status = 'published' and public.is_member_of(new.organisation_id)
         and (tg_op = 'INSERT' or old.status is distinct from 'published' or new.organisation_id is distinct from old.organisation_id)
         and not public.organisation_is_verified(new.organisation_id) then
        raise exception 'Only a moderator can publish an offer of an unverified organisation' using errcode = '42501';
      end if;
    end if;
    return new;
  end
  $$;
create trigger offer_guard before insert or update on public.offers
  for each row execute function public.offer_guard();

-- An organisation keeps at least one owner while it and that owner exist.
create function public.keep_an_owner() returns trigger
  language plpgsql security definer set search_path = ''
  as $$
  begin
    if old.role = 'owner'
       and (tg_op = 'DELETE' or new.role <> 'owner')
       and exists (select 1 from public.organisations o where o.id = old.organisation_id)
       and exists (select 1 from auth.users u where u.id = old.user_id)
       and not exists (
         select 1 from public.organisation_members m
         where m.organisation_id = old.organisation_id and m.role = 'owner' and m.user_id <> old.user_id
       ) then
      raise exception 'An organisation needs at least one owner' using errcode = 'P0001', hint = 'last_owner';
    end if;
    return coalesce(new, old);
  end
  $$;
create trigger keep_an_owner before update or delete on public.organisation_members
  for each row execute function public.keep_an_owner();

-- The site keeps at least one admin.
create function public.keep_an_admin() returns trigger
  language plpgsql security definer set search_path = ''
  as $$
  begin
    if old.role = 'admin'
       and exists (select 1 from auth.users u where u.id = old.user_id)
       and not exists (select 1 from public.user_roles r where r.role = 'admin' and r.user_id <> old.user_id) then
      raise exception 'The site needs at least one admin' using errcode = 'P0001', hint = 'last_admin';
    end if;
    return old;
  end
  $$;
create trigger keep_an_admin before delete on public.user_roles
  for each row execute function public.keep_an_admin();

-- Invitations: who revoked is recorded, and revoking an accepted invitation takes away what it gave, at once.
create function public.invitation_revoked() returns trigger
  language plpgsql security definer set search_path = ''
  as $$
  begin
    if new.revoked_at is not null and old.revoked_at is null then
      new.revoked_by := auth.uid();
      delete from public.user_roles where invitation_id = new.id;
      -- An editor since made owner keeps the group: that was another owner's separate decision.
      delete from public.organisation_members where invitation_id = new.id and role = 'editor';
      delete from public.outbox where invitation_id = new.id and sent_at is null;
    elsif new.revoked_at is distinct from old.revoked_at then
      raise exception 'A revoked invitation stays revoked' using errcode = '42501';
    end if;
    return new;
  end
  $$;
create trigger invitation_revoked before update of revoked_at on public.invitations
  for each row execute function public.invitation_revoked();

-- ---------------------------------------------------------------------------------------------
-- Functions a signed-in user calls

-- Accepting an invitation: the token proves the mail was received, the signed-in email must be
-- the invited one. Errors carry a hint the app turns into a message in the user's language.
create function public.accept_invitation(token text) returns public.invitations
  language plpgsql security definer set search_path = ''
  as $$
  declare
    invitation public.invitations;
  begin
    if auth.uid() is null then
      raise exception 'Sign in to accept an invitation' using errcode = '42501', hint = 'signed_out';
    end if;
    select * into invitation from public.invitations i
      where i.token_hash = encode(sha256(convert_to(coalesce(token, ''), 'UTF8')), 'hex')
      for update;
    if not found then
      raise exception 'No such invitation' using errcode = 'P0001', hint = 'invitation_not_found';
    elsif invitation.revoked_at is not null then
      raise exception 'Invitation revoked' using errcode = 'P0001', hint = 'invitation_revoked';
    elsif invitation.accepted_at is not null then
      raise exception 'Invitation already used' using errcode = 'P0001', hint = 'invitation_used';
    elsif invitation.expires_at <= now() then
      raise exception 'Invitation expired' using errcode = 'P0001', hint = 'invitation_expired';
    elsif invitation.email <> lower(coalesce(auth.email(), '')) then
      raise exception 'Invitation is for another email address' using errcode = 'P0001', hint = 'invitation_other_email';
    end if;

    if invitation.role = 'editor' then
      insert into public.organisation_members (organisation_id, user_id, role, invitation_id)
      values (invitation.organisation_id, auth.uid(), 'editor', invitation.id)
      on conflict (organisation_id, user_id) do nothing;
    else
      insert into public.user_roles (user_id, role, invitation_id, granted_by)
      values (auth.uid(), invitation.role, invitation.id, invitation.invited_by)
      -- A role already held stays as it was, so revoking this invitation cannot take it away.
      on conflict (user_id, role) do nothing;
    end if;
    update public.invitations set accepted_at = now(), accepted_by = auth.uid() where id = invitation.id
      returning * into invitation;
    return invitation;
  end
  $$;

-- What auth.users holds about the caller, for "download my data".
create function public.my_account()
  returns table (id uuid, email text, created_at timestamptz, email_confirmed_at timestamptz, last_sign_in_at timestamptz)
  language sql stable security definer set search_path = ''
  as $$
    select u.id, u.email::text, u.created_at, u.email_confirmed_at, u.last_sign_in_at
    from auth.users u where u.id = auth.uid()
  $$;

-- Deleting an account: the user row goes and everything personal follows by cascade; what
-- they did for others stays without their name (invitations keep their role, not their sender).
create function public.delete_my_account() returns void
  language plpgsql security definer set search_path = ''
  as $$
  begin
    if auth.uid() is null then
      raise exception 'Sign in to delete an account' using errcode = '42501';
    end if;
    if exists (select 1 from public.user_roles where user_id = auth.uid() and role = 'admin')
       and not exists (select 1 from public.user_roles where role = 'admin' and user_id <> auth.uid()) then
      raise exception 'The site needs at least one admin' using errcode = 'P0001', hint = 'last_admin';
    end if;
    -- Sign-in attempts name the account by its address; they go with it.
    delete from public.sign_in_attempts where account = lower(auth.email());
    delete from auth.users where id = auth.uid();
  end
  $$;

revoke execute on function public.accept_invitation(text), public.my_account(), public.delete_my_account() from public, anon;
grant execute on function public.accept_invitation(text), public.my_account(), public.delete_my_account() to authenticated;
revoke execute on function public.profile_follows_user(), public.organisation_guard(), public.offer_guard(),
  public.keep_an_owner(), public.keep_an_admin(), public.invitation_revoked() from public, anon, authenticated;

-- ---------------------------------------------------------------------------------------------
-- Row level security

alter table public.profiles enable row level security;
alter table public.invitations enable row level security;
alter table public.user_roles enable row level security;
alter table public.organisation_members enable row level security;
alter table public.outbox enable row level security;
alter table public.auth_sessions enable row level security;
alter table public.auth_tokens enable row level security;
alter table public.sign_in_attempts enable row level security;

-- profiles: yourself, people in your organisations, admins. You change your name and language only.
create policy "people read their own profile" on public.profiles
  for select to authenticated using (id = auth.uid());
create policy "co-members read each other's profiles" on public.profiles
  for select to authenticated using (public.shares_organisation_with(id));
create policy "admins read profiles" on public.profiles
  for select to authenticated using (public.has_role('admin'));
create policy "people update their own profile" on public.profiles
  for update to authenticated using (id = auth.uid()) with check (id = auth.uid());
revoke insert, update, delete on public.profiles from anon, authenticated;
grant update (display_name, language) on public.profiles to authenticated;

-- user_roles: you see your own; admins grant and remove.
create policy "people read their own roles" on public.user_roles
  for select to authenticated using (user_id = auth.uid());
create policy "admins read roles" on public.user_roles
  for select to authenticated using (public.has_role('admin'));
create policy "admins grant roles" on public.user_roles
  for insert to authenticated with check (public.has_role('admin') and granted_by = auth.uid());
create policy "admins remove roles" on public.user_roles
  for delete to authenticated using (public.has_role('admin'));
revoke update on public.user_roles from anon, authenticated;

-- organisation_members: members see their organisation's members; owners change roles and
-- remove people; anyone may leave; moderators see all and add owners (approved claims).
create policy "members read their organisation's members" on public.organisation_members
  for select to authenticated using (public.is_member_of(organisation_id));
create policy "moderators read members" on public.organisation_members
  for select to authenticated using (public.has_role('moderator'));
create policy "moderators add members" on public.organisation_members
  for insert to authenticated with check (public.has_role('moderator'));
create policy "owners change members' roles" on public.organisation_members
  for update to authenticated using (public.is_owner_of(organisation_id)) with check (public.is_owner_of(organisation_id));
create policy "owners remove members and people leave" on public.organisation_members
  for delete to authenticated using (
    public.is_owner_of(organisation_id) or user_id = auth.uid() or public.has_role('moderator')
  );
revoke update on public.organisation_members from anon, authenticated;
grant update (role) on public.organisation_members to authenticated;

-- invitations: admins invite to site roles, owners invite editors; the inviter and those who
-- manage see them; revoking is the only change (accepting goes through accept_invitation).
create policy "admins and owners read invitations" on public.invitations
  for select to authenticated using (
    invited_by = auth.uid()
    or (organisation_id is null and public.has_role('admin'))
    or (organisation_id is not null and (public.is_owner_of(organisation_id) or public.has_role('moderator')))
  );
create policy "admins and owners invite" on public.invitations
  for insert to authenticated with check (
    invited_by = auth.uid() and accepted_at is null and revoked_at is null and accepted_by is null
    and (
      (role = 'editor' and public.is_owner_of(organisation_id))
      or (role in ('practitioner', 'moderator', 'planner') and public.has_role('admin'))
    )
  );
create policy "admins and owners revoke" on public.invitations
  for update to authenticated using (
    (organisation_id is null and public.has_role('admin'))
    or (organisation_id is not null and public.is_owner_of(organisation_id))
  );
revoke update, delete on public.invitations from anon, authenticated;
grant update (revoked_at) on public.invitations to authenticated;

-- outbox: admins read it (in embedded mode it is how mail reaches people). Only the server
-- writes it, as service_role, with text it composed: through the API nobody can make the site
-- send words of their choosing.
create policy "admins read the outbox" on public.outbox
  for select to authenticated using (public.has_role('admin'));
revoke insert, update, delete on public.outbox from anon, authenticated;

-- Local sign-in state: you may list your own sessions; everything else is the server's (service_role).
create policy "people read their own sessions" on public.auth_sessions
  for select to authenticated using (user_id = auth.uid());
revoke all on public.auth_sessions from anon;
revoke insert, update, delete on public.auth_sessions from authenticated;
revoke select on public.auth_sessions from authenticated;
grant select (id, user_id, user_agent, created_at, last_seen_at, expires_at, revoked_at) on public.auth_sessions to authenticated;
revoke all on public.auth_tokens, public.sign_in_attempts from anon, authenticated;

create policy "service role manages profiles" on public.profiles for all to service_role using (true) with check (true);
create policy "service role manages invitations" on public.invitations for all to service_role using (true) with check (true);
create policy "service role manages roles" on public.user_roles for all to service_role using (true) with check (true);
create policy "service role manages members" on public.organisation_members for all to service_role using (true) with check (true);
create policy "service role manages the outbox" on public.outbox for all to service_role using (true) with check (true);
create policy "service role manages sessions" on public.auth_sessions for all to service_role using (true) with check (true);
create policy "service role manages tokens" on public.auth_tokens for all to service_role using (true) with check (true);
create policy "service role manages sign-in attempts" on public.sign_in_attempts for all to service_role using (true) with check (true);

-- ---------------------------------------------------------------------------------------------
-- The directory, now that groups and moderators exist: members read and edit their own
-- organisation's rows at any status; moderators read and edit all; admins also delete.

create policy "members and moderators read organisations" on public.organisations
  for select to authenticated using (public.is_member_of(id) or public.has_role('moderator'));
create policy "moderators add organisations" on public.organisations
  for insert to authenticated with check (public.has_role('moderator'));
create policy "members and moderators edit organisations" on public.organisations
  for update to authenticated using (public.is_member_of(id) or public.has_role('moderator'))
  with check (public.is_member_of(id) or public.has_role('moderator'));
create policy "admins delete organisations" on public.organisations
  for delete to authenticated using (public.has_role('admin'));

create policy "members and moderators read locations" on public.locations
  for select to authenticated using (public.is_member_of(organisation_id) or public.has_role('moderator'));
create policy "members and moderators add locations" on public.locations
  for insert to authenticated with check (public.is_member_of(organisation_id) or public.has_role('moderator'));
create policy "members and moderators edit locations" on public.locations
  for update to authenticated using (public.is_member_of(organisation_id) or public.has_role('moderator'))
  with check (public.is_member_of(organisation_id) or public.has_role('moderator'));
create policy "members and moderators remove locations" on public.locations
  for delete to authenticated using (public.is_member_of(organisation_id) or public.has_role('moderator'));

create policy "members and moderators read offers" on public.offers
  for select to authenticated using (public.is_member_of(organisation_id) or public.has_role('moderator'));
create policy "members and moderators add offers" on public.offers
  for insert to authenticated with check (public.is_member_of(organisation_id) or public.has_role('moderator'));
create policy "members and moderators edit offers" on public.offers
  for update to authenticated using (public.is_member_of(organisation_id) or public.has_role('moderator'))
  with check (public.is_member_of(organisation_id) or public.has_role('moderator'));
create policy "members and moderators remove offers" on public.offers
  for delete to authenticated using (public.is_member_of(organisation_id) or public.has_role('moderator'));

-- An offer's parts are edited by whoever may edit the offer.
create function public.may_edit_offer(offer uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select public.has_role('moderator') or exists (
      select 1 from public.offers o where o.id = offer and public.is_member_of(o.organisation_id)
    )
  $$;
-- A place an offer runs at belongs to the same organisation as the offer.
create function public.location_matches_offer(offer uuid, location uuid) returns boolean
  language sql stable security definer set search_path = ''
  as $$
    select exists (
      select 1 from public.offers o join public.locations l on l.organisation_id = o.organisation_id
      where o.id = offer and l.id = location
    )
  $$;
revoke execute on function public.may_edit_offer(uuid), public.location_matches_offer(uuid, uuid) from public;
grant execute on function public.may_edit_offer(uuid), public.location_matches_offer(uuid, uuid) to anon, authenticated, service_role;

create policy "offer editors read outcomes" on public.offer_outcomes
  for select to authenticated using (public.may_edit_offer(offer_id));
create policy "offer editors add outcomes" on public.offer_outcomes
  for insert to authenticated with check (public.may_edit_offer(offer_id));
create policy "offer editors remove outcomes" on public.offer_outcomes
  for delete to authenticated using (public.may_edit_offer(offer_id));

create policy "offer editors read offer locations" on public.offer_locations
  for select to authenticated using (public.may_edit_offer(offer_id));
create policy "offer editors add offer locations" on public.offer_locations
  for insert to authenticated with check (public.may_edit_offer(offer_id) and public.location_matches_offer(offer_id, location_id));
create policy "offer editors remove offer locations" on public.offer_locations
  for delete to authenticated using (public.may_edit_offer(offer_id));

create policy "offer editors read schedules" on public.schedules
  for select to authenticated using (public.may_edit_offer(offer_id));
create policy "offer editors add schedules" on public.schedules
  for insert to authenticated with check (public.may_edit_offer(offer_id));
create policy "offer editors edit schedules" on public.schedules
  for update to authenticated using (public.may_edit_offer(offer_id)) with check (public.may_edit_offer(offer_id));
create policy "offer editors remove schedules" on public.schedules
  for delete to authenticated using (public.may_edit_offer(offer_id));

-- Join rows have no editable columns: a change is a delete and an insert.
revoke update on public.offer_outcomes, public.offer_locations from anon, authenticated;

-- RLS does not govern TRUNCATE; the API roles never need it.
revoke truncate on all tables in schema public from anon, authenticated;
