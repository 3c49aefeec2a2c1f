"""JupyterHub for a class of the course (started by deploy/up.sh, which sets the DLF_* variables).

Real Unix accounts log in with their passwords (PAM); each gets a Jupyter server started as that user from
the shared environment. Students see nbgrader's Assignments tab (fetch, submit, fetch feedback) through the
exchange; the instructor's server opens in their private course folder, where the formgrader works.
"""
import os

c = get_config()  # noqa: F821 - provided by JupyterHub

PREFIX = os.environ.get("DLF_PREFIX", "/opt/dlf")
INSTRUCTOR = os.environ["DLF_INSTRUCTOR"]
STUDENTS = os.environ.get("DLF_STUDENTS", "").split()
VENV_BIN = os.path.join(PREFIX, "venv", "bin")

c.JupyterHub.ip = os.environ.get("DLF_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("DLF_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("DLF_HUB_INTERNAL_PORT", "8081"))  # the hub's own API, loopback only
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('DLF_PROXY_API_PORT', '8001')}"
c.JupyterHub.db_url = f"sqlite:///{PREFIX}/hub/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = f"{PREFIX}/hub/jupyterhub_cookie_secret"
c.ConfigurableHTTPProxy.command = [os.path.join(PREFIX, "proxy", "node_modules", ".bin", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = f"{PREFIX}/hub/proxy.pid"

c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"
c.Authenticator.allowed_users = {INSTRUCTOR, *STUDENTS}
c.Authenticator.admin_users = {INSTRUCTOR}

c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [os.path.join(VENV_BIN, "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {
    "PATH": f"{VENV_BIN}:/usr/local/bin:/usr/bin:/bin",
    "DLF_EXCHANGE": os.environ.get("DLF_EXCHANGE", "/srv/nbgrader/exchange"),
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120


def _course_for_instructor(spawner):
    """The instructor's server starts in their private course, whose nbgrader_config.py the formgrader reads;
    there `grader` and `utils` come from the course itself."""
    if spawner.user.name == INSTRUCTOR:
        course = os.path.join(os.path.expanduser(f"~{INSTRUCTOR}"), "course")
        spawner.notebook_dir = course
        spawner.environment = {**spawner.environment, "PYTHONPATH": course}


c.Spawner.pre_spawn_hook = _course_for_instructor

# An automation account for scripts (tests, bulk account setup): only when a token is provided.
if os.environ.get("DLF_HUB_API_TOKEN"):
    c.JupyterHub.services = [{"name": "dlf-automation", "api_token": os.environ["DLF_HUB_API_TOKEN"]}]
    c.JupyterHub.load_roles = [{"name": "dlf-automation", "services": ["dlf-automation"],
                                "scopes": ["admin:users", "admin:servers", "tokens", "read:users"]}]
