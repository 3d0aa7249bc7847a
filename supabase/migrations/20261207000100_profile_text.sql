-- What people type into their profile is checked by the database like ideas and comments are:
-- update_my_profile and update_my_persona check it, and a direct update of the granted column
-- (display_name) or any other writer goes through the same rules here.

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
