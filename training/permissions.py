"""Who runs the training camp."""

# Organisers' permission: decide enrolments, mark attendance, issue and revoke certificates.
MANAGE_TRAINING = "training.change_enrolment"


def manages_training(user):
    return user.is_authenticated and user.has_perm(MANAGE_TRAINING)
