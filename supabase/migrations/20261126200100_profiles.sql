-- Profiles: the public face of an auth user (pseudonymous display name, persona, role, language).
-- Created by a trigger when auth creates the user, so every user has exactly one.
--
-- Also the home of the role helpers every later policy and function uses (`has_role()`,
-- `private.require_role()`) and of `private.is_anonymous()`.

create type public.profile_kind as enum ('resident', 'business');
-- Ordered: each role includes the powers of the ones before it (has_role() compares).
create type public.user_role as enum ('citizen', 'moderator', 'staff', 'admin');

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text not null check (char_length(display_name) between 2 and 60),
  kind public.profile_kind not null default 'resident',
  -- Business persona: the organisation's name and sector are shown with its contributions.
  organization text check (char_length(organization) between 2 and 120),
  sector text check (char_length(sector) between 2 and 80),
  role public.user_role not null default 'citizen',
  locale text not null default 'de' check (locale in ('de', 'en')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint profiles_business_details check (
    (kind = 'business' and organization is not null and sector is not null)
    or (kind = 'resident' and organization is null and sector is null)
  )
);

comment on table public.profiles is
  'One row per auth user: pseudonymous display name, persona (resident/business) and role. Never holds the email; public, since contributions show their author''s display name.';

create index profiles_staff_idx on public.profiles (role) where role <> 'citizen';

alter table public.profiles enable row level security;

-- Every profile row is visible, since contributions show their author's display name and persona;
-- the column grants below keep role, language and timestamps to their owner (my_profile()).
create policy "Profiles are visible to everyone"
  on public.profiles for select
  to anon, authenticated
  using (true);

create policy "Users update their own profile"
  on public.profiles for update
  to authenticated
  using ((select auth.uid()) = id)
  with check ((select auth.uid()) = id);

-- Column privileges keep role and kind out of a user's reach even through the raw REST API.
-- Rows appear only through the sign-up trigger and vanish only with the auth user.
revoke insert, update, delete, truncate, references, trigger on public.profiles from anon, authenticated;
grant update (display_name, locale, updated_at) on public.profiles to authenticated;
-- Readable by everyone: id, display name and persona. Columns added later stay private until a
-- migration grants them.
revoke select on public.profiles from anon, authenticated;
grant select (id, display_name, kind, organization, sector) on public.profiles to anon, authenticated;

create trigger aa_server_columns_update
  before update on public.profiles
  for each row execute function private.refuse_server_column_writes('id', 'role', 'kind', 'created_at');

-- Whether the caller holds at least `min_role` (citizen < moderator < staff < admin). Security
-- definer so policies on profiles itself can use it without recursion.
create function public.has_role(min_role public.user_role) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    (select p.role >= min_role from public.profiles p where p.id = (select auth.uid())),
    false
  )
$$;

revoke execute on function public.has_role(public.user_role) from public;
grant execute on function public.has_role(public.user_role) to anon, authenticated, service_role;

-- The same as a guard: not_signed_in or forbidden (42501) unless the caller holds `min_role`.
create function private.require_role(min_role public.user_role) returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if (select auth.uid()) is null then
    perform private.fail('not_signed_in', 'Sign in first.', '42501');
  end if;
  if not public.has_role(min_role) then
    perform private.fail('forbidden', format('This needs the role %s.', min_role), '42501');
  end if;
end;
$$;

revoke execute on function private.require_role(public.user_role) from public, anon;
grant execute on function private.require_role(public.user_role) to authenticated, service_role;

-- Whether the caller's session comes from an anonymous sign-in (Supabase puts it in the JWT).
create function private.is_anonymous() returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce((auth.jwt() ->> 'is_anonymous')::boolean, false)
$$;

revoke execute on function private.is_anonymous() from public;
grant execute on function private.is_anonymous() to anon, authenticated, service_role;

-- A display name for a new user: from sign-up metadata if given, else a neutral pseudonym.
-- A business persona comes from metadata too (kind, organization, sector) when complete.
create function public.handle_new_user() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  meta jsonb := coalesce(new.raw_user_meta_data, '{}'::jsonb);
  wanted text := btrim(coalesce(meta ->> 'display_name', ''));
  org text := nullif(btrim(coalesce(meta ->> 'organization', '')), '');
  sec text := nullif(btrim(coalesce(meta ->> 'sector', '')), '');
  is_business boolean := meta ->> 'kind' = 'business'
    and char_length(org) between 2 and 120 and char_length(sec) between 2 and 80
    and not private.has_markup(org) and not private.has_markup(sec);
begin
  insert into public.profiles (id, display_name, locale, kind, organization, sector)
  values (
    new.id,
    case
      when char_length(wanted) between 2 and 60 and not private.has_markup(wanted) then wanted
      else 'Mitglied ' || upper(substr(replace(new.id::text, '-', ''), 1, 6))
    end,
    case when meta ->> 'locale' = 'en' then 'en' else 'de' end,
    case when is_business then 'business' else 'resident' end::public.profile_kind,
    case when is_business then org end,
    case when is_business then sec end
  );
  return new;
end;
$$;

revoke execute on function public.handle_new_user() from public, anon, authenticated;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function public.handle_new_user();

-- What people type into their profile is checked like ideas and comments are, for every writer:
-- update_my_profile and update_my_persona check it, and a direct update of the granted column
-- (display_name), the service role or a migration go through the same rules here.
create function private.profiles_validate() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.display_name := btrim(new.display_name);
  new.organization := nullif(btrim(new.organization), '');
  new.sector := nullif(btrim(new.sector), '');
  if private.has_markup(new.display_name) or private.has_markup(new.organization)
     or private.has_markup(new.sector) then
    perform private.fail('markup_not_allowed', 'Plain text only: no HTML or script.');
  end if;
  if char_length(new.display_name) not between 2 and 60 then
    perform private.fail('display_name_invalid', 'A display name has 2 to 60 characters.');
  end if;
  return new;
end;
$$;

revoke execute on function private.profiles_validate() from public;

create trigger profiles_validate
  before insert or update of display_name, organization, sector on public.profiles
  for each row execute function private.profiles_validate();

-- The signed-in user's own profile fields; role and kind are not theirs to change here. Security
-- definer: it returns the whole row, role and language included, which members may not select
-- column by column.
create function public.update_my_profile(display_name text, locale text default null)
returns public.profiles
language plpgsql
security definer
set search_path = ''
as $$
declare
  result public.profiles;
  wanted text := btrim(update_my_profile.display_name);
begin
  if (select auth.uid()) is null then
    raise exception 'not_signed_in' using errcode = '42501', detail = 'Sign in first.';
  end if;
  if wanted is null or char_length(wanted) not between 2 and 60 or private.has_markup(wanted) then
    raise exception 'display_name_invalid'
      using errcode = 'P0001', detail = 'A display name has 2 to 60 characters and no markup.';
  end if;
  if update_my_profile.locale is not null and update_my_profile.locale not in ('de', 'en') then
    raise exception 'locale_invalid' using errcode = 'P0001', detail = 'Locale is de or en.';
  end if;
  update public.profiles p
     set display_name = wanted,
         locale = coalesce(update_my_profile.locale, p.locale),
         updated_at = now()
   where p.id = (select auth.uid())
  returning p.* into result;
  if result.id is null then
    raise exception 'profile_not_found' using errcode = 'PT404', detail = 'This account no longer exists.';
  end if;
  return result;
end;
$$;

revoke execute on function public.update_my_profile(text, text) from public, anon;
grant execute on function public.update_my_profile(text, text) to authenticated;

-- Resident or business persona. Business needs an organisation name and a sector.
create function public.update_my_persona(
  kind public.profile_kind,
  organization text default null,
  sector text default null
) returns public.profiles
language plpgsql
security definer
set search_path = ''
as $$
declare
  result public.profiles;
  org text := nullif(btrim(update_my_persona.organization), '');
  sec text := nullif(btrim(update_my_persona.sector), '');
begin
  if (select auth.uid()) is null or private.is_anonymous() then
    raise exception 'not_signed_in' using errcode = '42501', detail = 'Sign in with an account first.';
  end if;
  if update_my_persona.kind = 'business' then
    if org is null or sec is null then
      raise exception 'business_details_required'
        using errcode = 'P0001', detail = 'A business persona needs organization and sector.';
    end if;
    if char_length(org) not between 2 and 120 or char_length(sec) not between 2 and 80
       or private.has_markup(org) or private.has_markup(sec) then
      raise exception 'business_details_invalid'
        using errcode = 'P0001', detail = 'Organization 2-120, sector 2-80 characters, no markup.';
    end if;
  else
    org := null;
    sec := null;
  end if;
  update public.profiles p
     set kind = update_my_persona.kind, organization = org, sector = sec, updated_at = now()
   where p.id = (select auth.uid())
  returning p.* into result;
  return result;
end;
$$;

revoke execute on function public.update_my_persona(public.profile_kind, text, text) from public, anon;
grant execute on function public.update_my_persona(public.profile_kind, text, text) to authenticated;

-- The signed-in person's own profile, role and language included.
create function public.my_profile()
returns table (display_name text, kind public.profile_kind, role public.user_role, locale text)
language sql
stable
security definer
set search_path = ''
as $$
  select p.display_name, p.kind, p.role, p.locale
  from public.profiles p
  where p.id = (select auth.uid())
$$;

revoke execute on function public.my_profile() from public, anon;
grant execute on function public.my_profile() to authenticated;
