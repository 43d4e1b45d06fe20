"""What every endpoint of the REST API shares: authentication, errors, paging, parsing,
rate limits, open-mode identity and the schema's error documentation. The endpoints live in
each app's `api/` package and call the same services, selectors and rules as the HTML views."""
