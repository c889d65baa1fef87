/** The `ferry status` report `ferry dev` keeps in its state folder while it runs (its sinks allow one process). */
export const DEV_STATUS_FILE = 'status.json';
