"""The social-media charter: its versions, acceptances, and the emails announcing a version."""
