"""What ``scripts/mutate.py`` mutates and which tests each mutant runs: a package's mutants run that package's
own tests (``PACKAGE_TESTS``; the rules' and readers' the fast tests), each module's own tests first
(``MODULE_TESTS``), so that a mutant is most often killed by the first test module it runs."""

from __future__ import annotations

#: Folders (every module in them) and modules mutated.
TARGETS = (
    "mmsvalidate/rules",
    "mmsvalidate/readers",
    "mmsvalidate/online/addresses.py",
    "mmsvalidate/online/sniff.py",
    "mmsvalidate/online/media.py",
    "mmsvalidate/bulk",
    "mmsvalidate/formats",
    "mmsvalidate/server",
    "mmsvalidate/settings",
)
#: The tests of the rules' and readers' mutants (and the default of ``--tests``).
FAST_TESTS = (
    "tests/test_rules.py",
    "tests/test_boundaries.py",
    "tests/test_corpus.py",
    "tests/test_readers.py",
)
#: The tests a package's mutants run instead of ``FAST_TESTS`` (or ``--tests``). The online ones use a real local
#: media server, the server's the real service on a free port. The slowest modules (Dask's worker processes, the
#: hostile CLI's deep trees, every OpenAPI operation, the serve command's option checks, which refuse before any
#: server module runs) run first for their own module's mutants only, so that a service mutant's whole run stays
#: within CI's time limit of 60 s a mutant (a run over it counts as a kill no test made).
PACKAGE_TESTS = {
    "mmsvalidate/online/": (
        "tests/online/test_addresses.py",
        "tests/online/test_security.py",
        "tests/online/test_sniff.py",
        "tests/online/test_media_rules.py",
        "tests/online/test_codes.py",
        "tests/online/test_warnings.py",
    ),
    "mmsvalidate/bulk/": (
        "tests/bulk/test_records.py",
        "tests/bulk/test_line_limit.py",
        "tests/bulk/test_pack.py",
        "tests/bulk/test_trust.py",
        "tests/bulk/test_missing.py",
        "tests/bulk/test_walk.py",
        "tests/bulk/test_cli.py",
        "tests/bulk/test_job_weight.py",
    ),
    "mmsvalidate/formats/": (
        "tests/test_formats.py",
        "tests/test_api_response.py",
        "tests/test_ci_reports.py",
        "tests/test_readme.py",  # every documented example of every format, byte for byte
    ),
    "mmsvalidate/server/": (
        "tests/test_server_routes.py",
        "tests/test_server_vendor.py",
        "tests/test_server_relay.py",
        "tests/test_server_prefer.py",
        "tests/test_server_limits.py",
    ),
    "mmsvalidate/settings/": (
        "tests/test_config.py",
        "tests/test_config_schema.py",
        "tests/test_suppressions.py",
        "tests/test_hostile_settings.py",
        "tests/test_cli_options.py",
    ),
}
#: Tests run first for a module's mutants, before its package's (its own tests, its property tests).
MODULE_TESTS = {
    "mmsvalidate/readers/records.py": (
        "tests/bulk/test_records.py",
        "tests/bulk/test_cli9_cr_lines.py",
        "tests/bulk/test_trust.py",
        "tests/bulk/test_missing.py",
    ),
    "mmsvalidate/readers/xmltree.py": ("tests/test_xml_readers.py", "tests/test_attack_bom_columns.py"),
    "mmsvalidate/readers/query.py": ("tests/test_conformance_forms.py", "tests/test_review8_ascii_names.py"),
    "mmsvalidate/readers/json.py": (
        "tests/test_conformance_forms.py",
        "tests/test_review8_json_kinds.py",
        "tests/test_cli9_json_words.py",
    ),
    "mmsvalidate/readers/jsonpos.py": ("tests/test_jsonpos_keys.py", "tests/test_jsonpos.py"),
    "mmsvalidate/readers/xmlencoding.py": (
        "tests/test_xml_declared_encodings.py",
        "tests/test_cli9_xml_utf8_mark.py",
        "tests/test_attack_encodings.py",
        "tests/test_conformance_xml.py",
        "tests/test_spec_review.py",
        "tests/test_boundaries.py",
    ),
    "mmsvalidate/readers/xml.py": (
        "tests/test_value_readings.py",
        "tests/test_xml_readers.py",
        "tests/test_conformance_xml.py",
        "tests/test_xml_declared_encodings.py",
        "tests/test_attack_encodings.py",
        "tests/test_attack_bom_columns.py",
    ),
    "mmsvalidate/rules/phoneregions.py": (
        "tests/test_phone.py::test_the_shipped_leading_digits_are_the_installed_phonenumbers",
    ),
    "mmsvalidate/rules/phone.py": (
        "tests/test_phone.py::test_the_shipped_leading_digits_are_the_installed_phonenumbers",
        "tests/test_phone.py::test_a_runs_one_pattern_search_picks_the_region_the_steps_pick",
        "tests/test_phone.py::test_every_regions_example_numbers_and_their_neighbours",
        "tests/test_phone.py::test_every_calling_code_at_every_length",
    ),
    "mmsvalidate/rules/urls.py": (
        "tests/test_url_parts.py",
        "tests/test_review8_spaces.py",
        "tests/test_spec9_values.py",
    ),
    "mmsvalidate/rules/dates.py": ("tests/test_spec9_values.py",),
    "mmsvalidate/rules/numbers.py": ("tests/test_review8_spaces.py",),
    "mmsvalidate/rules/base.py": ("tests/test_review8_spaces.py",),
    "mmsvalidate/rules/digitpattern.py": ("tests/test_digitpattern.py",),
    # the quiet predicates: a request, slide or slot they call quiet passes its rules over (held to the rules there)
    "mmsvalidate/rules/slides.py": (
        "tests/test_plan.py",
        "tests/test_mut2_quiet.py",
        "tests/test_review8_spaces.py",
        "tests/test_query_stripped.py",
    ),
    "mmsvalidate/rules/request.py": ("tests/test_plan.py", "tests/test_mut2_quiet.py"),
    "mmsvalidate/online/addresses.py": ("tests/online/test_addresses.py",),
    "mmsvalidate/online/sniff.py": ("tests/online/test_sniff.py", "tests/test_mut2_sniff.py"),
    "mmsvalidate/online/media.py": ("tests/online/test_media_rules.py",),
    "mmsvalidate/online/fetch.py": ("tests/online/test_review8_target.py",),
    "mmsvalidate/cli/run.py": (
        "tests/test_review8_jobs.py",
        "tests/test_cli9_output_files.py",
        "tests/test_jobs_bound.py",
        "tests/test_hook_dash_names.py",
    ),
    "mmsvalidate/clock.py": ("tests/test_review8_clock.py",),
    "mmsvalidate/cli/paths.py": (
        "tests/test_review8_fifo.py",
        "tests/bulk/test_cli9_form.py",
        "tests/test_cli9_empty_path.py",
    ),
    "mmsvalidate/cli/batch.py": ("tests/bulk/test_cli9_form.py",),
    "mmsvalidate/bulk/__init__.py": ("tests/bulk/test_missing.py", "tests/bulk/test_job_weight.py"),
    "mmsvalidate/bulk/records.py": (
        "tests/test_review8_ascii_names.py",
        "tests/bulk/test_cli9_separators.py",
        "tests/bulk/test_records.py",
        "tests/bulk/test_review8_csv_breaks.py",
        "tests/bulk/test_review8_over_quoted.py",
        "tests/bulk/test_line_limit.py",
        "tests/bulk/test_pack.py",
        "tests/bulk/test_job_weight.py",
    ),
    "mmsvalidate/bulk/sniffing.py": ("tests/bulk/test_walk.py", "tests/test_review8_ascii_names.py"),
    "mmsvalidate/bulk/lines.py": (
        "tests/bulk/test_review8_over_quoted.py",
        "tests/bulk/test_line_limit.py",
        "tests/bulk/test_cli.py",
        "tests/bulk/test_records.py",
    ),
    "mmsvalidate/bulk/frame.py": ("tests/bulk/test_missing.py", "tests/bulk/test_dask.py"),
    "mmsvalidate/bulk/dask.py": ("tests/bulk/test_dask.py",),
    "mmsvalidate/bulk/spark.py": ("tests/bulk/test_spark_batches.py", "tests/bulk/test_spark.py"),
    "mmsvalidate/formats/__init__.py": (
        "tests/test_json_writing.py",
        "tests/test_formats.py",
        "tests/test_attack_bidi.py",
    ),
    "mmsvalidate/formats/jsontext.py": ("tests/test_json_writing.py", "tests/test_formats.py"),
    "mmsvalidate/formats/github.py": ("tests/test_formats.py", "tests/test_hostile_cli.py"),
    "mmsvalidate/formats/text.py": ("tests/test_formats.py", "tests/test_hostile_cli.py"),
    "mmsvalidate/formats/gitlab.py": ("tests/test_ci_reports.py",),
    "mmsvalidate/formats/junit.py": ("tests/test_ci_reports.py", "tests/test_cli9_junit_names.py"),
    "mmsvalidate/formats/sarif.py": ("tests/test_ci_reports.py",),
    "mmsvalidate/formats/json.py": (
        "tests/test_json_writing.py",
        "tests/test_api_response.py",
        "tests/test_formats.py",
    ),
    "mmsvalidate/formats/response.py": (
        "tests/test_api_response.py",
        "tests/test_conformance_response.py",
        "tests/test_review8_spaces.py",
    ),
    "mmsvalidate/server/vendor.py": (
        "tests/test_server_vendor.py",
        "tests/test_server_prefer.py",
        "tests/test_spec9_mock_receiver.py",
        "tests/test_conformance_service.py",
        "tests/test_attack_proxy_forms.py",
        "tests/test_server_proxy_target.py",
        "tests/test_server_mock_php_reading.py",
        "tests/test_server_proxy_header_bytes.py",
    ),
    "mmsvalidate/server/phpform.py": (
        "tests/test_attack_proxy_forms.py",
        "tests/test_server_vendor.py",
        "tests/test_server_proxy_marks.py",
        "tests/test_server_mock_php_reading.py",
    ),
    "mmsvalidate/server/prefer.py": ("tests/test_server_prefer.py", "tests/test_spec9_mock_receiver.py"),
    "mmsvalidate/server/relay.py": (
        "tests/test_server_relay.py",
        "tests/test_server_vendor.py",
        "tests/test_server_upstream_settings.py",
    ),
    "mmsvalidate/server/protocol.py": (
        "tests/test_mut2_connections.py",
        "tests/test_server_unread_answers.py",
        "tests/test_server_linger_bound.py",
        "tests/test_server_limits.py",
        "tests/test_server_routes.py",
        "tests/test_server_shutdown.py::test_sigterm_with_abandoned_online_checks_ends_at_once_without_a_traceback",
    ),
    "mmsvalidate/server/checking.py": (
        "tests/test_server_loop.py::test_small_offline_bodies_are_checked_on_the_loop_within_a_budget_and_answer_as_off_it",
        "tests/test_server_loop.py::test_the_inline_budget_is_counted_per_loop",
    ),
    "mmsvalidate/server/config.py": (
        "tests/test_server_options.py",
        "tests/test_server_shutdown.py::"
        "test_the_cli_grace_period_is_the_services_default_and_refuses_what_is_no_whole_number_of_seconds",
    ),
    "mmsvalidate/server/run.py": (
        "tests/test_server_options.py",
        "tests/test_server_shutdown.py::test_sigterm_with_abandoned_online_checks_ends_at_once_without_a_traceback",
        "tests/test_server_load.py::test_two_workers_answer_right_and_metrics_add_up_over_both",
    ),
    "mmsvalidate/server/docs.py": ("tests/test_server_openapi.py",),
    "mmsvalidate/server/metrics.py": ("tests/test_server_metrics.py", "tests/test_server_errors.py"),
    "mmsvalidate/server/accesslog.py": (
        "tests/test_accesslog_batches.py",
        "tests/test_server_accesslog.py",
        "tests/test_server_accesslog_pipe.py",
        "tests/test_server_routes.py",
    ),
    "mmsvalidate/server/turns.py": ("tests/test_server_accesslog.py", "tests/test_server_metrics.py"),
    "mmsvalidate/server/app.py": (
        "tests/test_server_accesslog.py",
        "tests/test_server_collector.py",
        "tests/test_server_errors.py",
        "tests/test_server_routes.py",
        "tests/test_server_shutdown.py::test_sigterm_with_abandoned_online_checks_ends_at_once_without_a_traceback",
        "tests/test_server_openapi.py",
        "tests/test_server_head_and_log_escapes.py",
        "tests/test_server_no_redirects.py",
        "tests/test_server_log_encoded_query.py",
    ),
    "mmsvalidate/server/playground.py": (
        "tests/test_server_playground.py",
        "tests/test_server_head_and_log_escapes.py",
    ),
    "mmsvalidate/server/account.py": ("tests/test_server_playground.py",),
    "mmsvalidate/settings/selection.py": ("tests/test_long_echoes.py", "tests/test_config.py"),
    "mmsvalidate/settings/config.py": (
        "tests/test_config.py",
        "tests/test_config_schema.py",
        "tests/test_config_long_names.py",
    ),
    "mmsvalidate/settings/keys.py": ("tests/test_config.py", "tests/test_config_schema.py"),
    "mmsvalidate/settings/pyproject.py": ("tests/test_pyproject_scan.py", "tests/test_config.py"),
    "mmsvalidate/settings/configschema.py": ("tests/test_config_schema.py",),
    "mmsvalidate/settings/suppressions.py": ("tests/test_suppressions.py", "tests/test_hostile_requests.py"),
    "mmsvalidate/settings/online.py": ("tests/online/test_cli.py",),
    "mmsvalidate/settings/patterns.py": ("tests/test_path_strings.py", "tests/test_config.py"),
    "mmsvalidate/cli/sniff.py": (
        "tests/test_hook_lookalikes.py",
        "tests/test_attack_sniff.py",
        "tests/test_precommit.py",
    ),
    "mmsvalidate/cli/check.py": ("tests/test_hook_dash_names.py",),
    "mmsvalidate/cli/options.py": ("tests/test_cli9_now.py",),
    "mmsvalidate/engine.py": ("tests/test_cli9_type_details.py",),
    "mmsvalidate/cli/show.py": ("tests/test_cli9_show.py",),
    "mmsvalidate/cli/convert.py": ("tests/test_cli9_json_words.py",),
}
