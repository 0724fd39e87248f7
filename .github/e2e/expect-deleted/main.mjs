// Nothing to do yet: the check is the post step (see action.yml).
console.log('will check, after the ephemeral post step, that ZENML_STORE_API_KEY no longer logs in');
