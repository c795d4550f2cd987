"""`kyr serve`: a local web page over kyr's library, for organizers who never use a
terminal. The form (`form.py`) checks a network's details with the configuration's own
validators and writes them with `kyr init`'s writer; rendering (`rendering.py`) runs
kyr's build in worker processes; `app.py` is the page and its few routes; `ui.py` holds
the interface's templates and its gettext catalogs (the `web` domain)."""
