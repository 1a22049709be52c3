#!/usr/bin/env python3
"""Regenerates every scenario of the incident benchmark from fixed seeds and
fixed commit dates: `python3 benches/incidents/generate.py [NAME…]`.

Needs only Python 3 and the git CLI. Running it twice gives the same files
(the bundles included), so a diff after running it means the generator changed.
"""

import importlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "generator"))

SCENARIOS = [
    "bad_config_deploy",
    "memory_leak_oom",
    "expired_tls_cert",
    "downstream_outage",
    "disk_full",
    "feature_flag_flip",
    "dns_failure",
    "cloud_api_throttling",
    "migration_table_lock",
    "retry_storm",
    "cron_db_saturation",
    "bad_secret_rotation",
    "bad_dependency_upgrade",
    "pinned_certificate",
    "pool_exhaustion",
    "cache_ttl_stampede",
    "schema_change_consumer",
    "log_level_flood",
    "db_failover_none",
    "az_partition_none",
    "worker_timeout_config",
    "regex_backtracking",
    "noisy_neighbour_none",
    "clock_skew_none",
    "orm_n_plus_one",
    "rate_limit_key",
    "lock_order_deadlock",
    "readiness_deep_check",
    "connection_leak_error_path",
    "circuit_breaker_slow_call",
    "timezone_cutoff",
    "kafka_rolling_restart_none",
    "cdn_edge_outage_none",
    "object_store_errors_none",
    "idp_outage_none",
    "control_plane_slow_none",
    "grpc_deadline_dropped",
    "default_page_size",
    "fd_leak_webhooks",
    "upload_body_limit",
    "search_flood_stage_none",
    "vault_sealed_none",
    "route_cache_key_quota",
    "sidecar_memory_limit",
    "xid_wraparound_none",
    "partner_cert_expired_none",
    "hpa_metric_name",
    "dst_double_run",
    "webhook_secret_rolled_none",
    "shared_redis_eviction_none",
    "ack_deadline_redelivery",
    "lb_provider_outage_none",
    "mixed_version_cache_format",
    "ocsp_responder_outage_none",
    "thread_pool_blocking_call",
    "bgp_route_leak_none",
    "integer_overflow_counter",
    "upstream_api_deprecation_none",
    "gc_pause_heap_setting",
    "dns_provider_outage_none",
    "idempotency_key_dropped",
    "storage_volume_degraded_none",
    "tls_cipher_hardening",
    "jwks_refresh_disabled",
    "registry_outage_none",
    "kms_outage_none",
    "coupon_lookup_full_scan",
    "same_day_last_month",
    "push_provider_outage_none",
    "lambda_concurrency_quota_none",
    "report_cache_tenant_key",
    "cassandra_batch_month_end",
    "consul_mtls_enforced_none",
    "search_host_migration_none",
    "recently_viewed_cookie_header",
    "utf8_summary_truncation",
    "credential_stuffing_fly_none",
    "geoip_database_update_none",
    "title_truncate_utf8",
    "pdb_dropped_consolidation",
    "conntrack_table_full_none",
    "credential_stuffing_none",
    "matchmaking_comparator_contract",
    "networkpolicy_robot_grid",
    "replica_lag_appointments_none",
    "spot_interruption_playback_none",
    "counter_cache_row_lock",
    "gds_egress_network_policy",
    "cellular_roaming_outage_none",
    "sql_login_password_expiry_none",
    "pgbouncer_prepared_statements",
    "dmarc_reject_reminders_none",
    "mqtt_client_id_takeover",
    "gps_week_rollover_none",
    "keepalive_timeout_checkout",
    "mqtt_session_takeover_solar",
    "dmarc_ticket_emails_none",
    "grid_feeder_trip_none",
    "r22_meter_litres_as_m3",
    "r22_anti_passback_genserver",
    "r22_gate_txlog_full_none",
    "r22_bank_sftp_hostkey_none",
    "r23_catalogue_boolean_clauses",
    "r23_trip_end_serializable",
    "r23_firewall_idle_timeout_none",
    "r23_rabbitmq_memory_alarm_none",
    "r24_adt_poll_interval_exceeded",
    "r24_ad_service_account_lockout_none",
    "r25_presigned_part_expiry",
    "r25_waf_managed_rule_xss_none",
    "r26_obx_subid_conditional_create",
    "r26_ehr_profile_enforced_none",
    "r27_sweep_array_max_index",
    "r27_lustre_ost_failover_none",
    "r28_liveblog_surrogate_keys",
    "r28_paywall_provider_outage_none",
    "r29_fdp_reference_time_utc",
    "r29_mq_log_disk_full_none",
    "r30_hoist_deck_disembark_order",
    "r30_payment_webhook_delay_none",
    "r31_seat_hold_nowait",
    "r31_saml_signing_key_rollover_none",
    "r32_pool_watermark_yaml_tag",
    "r32_hsm_partition_deactivated_none",
    "r33_palette_digitize_heatwave",
    "r33_cdn_purge_api_outage_none",
    "r34_weekly_cap_negative_charge",
    "r34_card_network_auth_outage_none",
    "r35_reminder_link_reuse",
    "r35_tsa_system_failure_none",
    "r36_night_audit_posting_key",
    "r36_keyport_token_outage_none",
    "r37_cap_profile_stack_level",
    "r37_roaming_hub_outage_none",
    "r38_bag_fee_minimum_charge",
    "r38_kds_gateway_cert_expired_none",
    "r39_plate_day_expect_success",
    "r39_photo_scan_false_positive_none",
    "r41_strip_cog_in_memory",
    "r41_geomagnetic_storm_tle_none",
]


def main(argv):
    wanted = argv or SCENARIOS
    unknown = [name for name in wanted if name not in SCENARIOS]
    if unknown:
        sys.exit(f"generate.py: unknown scenario(s) {', '.join(unknown)}; known: {', '.join(SCENARIOS)}")
    for name in wanted:
        module = importlib.import_module(f"scenarios.{name}")
        out_dir = os.path.join(HERE, name.replace("_", "-"))
        os.makedirs(out_dir, exist_ok=True)
        summary = module.build(out_dir)
        print(f"{summary['name']:<26} {summary['lines']:>5} log lines  metrics: {', '.join(summary['metrics']) or '-'}")


if __name__ == "__main__":
    main(sys.argv[1:])
