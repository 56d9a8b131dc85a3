-- wrk script: the token POST every runner makes.
wrk.method = "POST"
wrk.path = "/api/v26.2/objects/users/12345/api_access_token__sys"
wrk.body = "name__v=bench&expiry_date__v=2031-12-31T12%3A00%3A00Z"
wrk.headers["Authorization"] = "bench-session-0001"
wrk.headers["Accept"] = "application/json"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
