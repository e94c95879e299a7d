"""What the person writes from their own device, under /my/ in the portal's
namespace (included by `portal/urls.py`). Every page is a viewer's
(`people.viewer.viewer_page`); each takes the assessment's public id.

    portal:your_say       (assessment_id)               what you can add, in one place
    portal:add_own_words  (assessment_id, section)      your own words in a section
                                                        (the slug of any section)
    portal:dispute_entry  (assessment_id, entry_id)     say you disagree with an entry
                                                        (the current version's id)
    portal:dispute_item   (assessment_id, kind, entry_id)
                                                        say you disagree with a concern,
                                                        a source checked, what someone
                                                        told us or a capacity record
                                                        (kind: concern, known,
                                                        corroboration, capacity)
    portal:give_position  (assessment_id, decision_id)  your view on each option
    portal:plan_position  (assessment_id, action_id)    your view on one plan action
    portal:contingency    (assessment_id)               your plan for if things get worse
    portal:confirm_plan   (assessment_id)               agree with the plan, or say why not
    portal:tell_us        (assessment_id)               a supporter: what you know
    portal:change_told    (assessment_id, lineage)      a supporter changes what they
                                                        told us (its lineage)
    portal:take_back_told (assessment_id, lineage)      a supporter takes it back
"""

from django.urls import URLPattern, path

from coassess.portal.writing import views

ONE = "assessments/<uuid:assessment_id>/"

urlpatterns: list[URLPattern] = [
    path(f"{ONE}your-say/", views.your_say, name="your_say"),
    path(
        f"{ONE}sections/<slug:section>/your-words/",
        views.add_own_words,
        name="add_own_words",
    ),
    path(
        f"{ONE}entries/<uuid:entry_id>/disagree/",
        views.dispute_entry,
        name="dispute_entry",
    ),
    path(
        f"{ONE}disagree/<slug:kind>/<uuid:entry_id>/",
        views.dispute_item,
        name="dispute_item",
    ),
    path(
        f"{ONE}decisions/<uuid:decision_id>/your-view/",
        views.give_position,
        name="give_position",
    ),
    path(
        f"{ONE}plan/actions/<uuid:action_id>/your-view/",
        views.plan_position,
        name="plan_position",
    ),
    path(f"{ONE}plan/if-things-get-worse/", views.contingency, name="contingency"),
    path(f"{ONE}plan/agree/", views.confirm_plan, name="confirm_plan"),
    path(f"{ONE}what-you-know/", views.tell_us, name="tell_us"),
    path(
        f"{ONE}what-you-know/<uuid:lineage>/change/",
        views.change_told,
        name="change_told",
    ),
    path(
        f"{ONE}what-you-know/<uuid:lineage>/take-back/",
        views.take_back_told,
        name="take_back_told",
    ),
]
