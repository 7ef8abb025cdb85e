-- Logins closed for flooding, with the address they flooded from, and until when they may not sign in from there
-- again. Kept in the database so that in a cluster a station closed on one node is refused on the others too,
-- instead of flooding them one after the other.
create table sign_in_bar (
    login   varchar(200) not null,
    address varchar(100) not null,
    until   timestamp(6) with time zone not null,
    primary key (login, address)
);
