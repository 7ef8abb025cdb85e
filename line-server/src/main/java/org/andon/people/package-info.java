/**
 * Who is signed in: stations with their id and token, people with username and password (BCrypt hashes from the
 * topology file), and the HTTP security of the REST API.
 */
package org.andon.people;
