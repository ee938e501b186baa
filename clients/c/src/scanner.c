/* The public API around the queue: open, close, enqueue, lists (see scanner.h). The sync loop
 * is in sync.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scanner_impl.h"

#define MAX_API_KEY 1024

static int copy_option(char **out, const char *value, rg_error *error) {
  if (value == NULL) return RG_OK;
  *out = strdup(value);
  return *out ? RG_OK : rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
}

rg_scanner *rg_scanner_open(const rg_scanner_config *config, rg_error *error) {
  if (config == NULL || config->queue_path == NULL || config->queue_path[0] == '\0') {
    rg_set_error(error, RG_ERR_INVALID_ARGUMENT, "queue_path: required");
    return NULL;
  }
  rg_scanner *s = calloc(1, sizeof *s);
  if (s == NULL) {
    rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
    return NULL;
  }
  s->wake_fd = -1;
  s->connect_timeout_ms = config->connect_timeout_ms > 0 ? config->connect_timeout_ms : 5000;
  s->backoff_initial_ms = config->backoff_initial_ms > 0 ? config->backoff_initial_ms : 1000;
  s->backoff_max_ms = config->backoff_max_ms > 0 ? config->backoff_max_ms : 120000;
  if (s->backoff_max_ms < s->backoff_initial_ms) s->backoff_max_ms = s->backoff_initial_ms;
  s->keepalive_ms = config->keepalive_ms > 0 ? config->keepalive_ms : 10000;
  s->max_in_flight = config->max_in_flight > 0 ? (size_t)config->max_in_flight : 512;
  s->max_message = config->max_message_bytes > 0 ? (size_t)config->max_message_bytes : 4 << 20;
  s->on_ack = config->on_ack;
  s->user = config->user;
  rg_scanner_reset_backoff(s);
  rg_clear_error(&s->last_failure);
  int code = RG_OK;
  if (config->server != NULL) {
    s->has_server = 1;
    if (rg_parse_server(config->server, s->host, sizeof s->host, s->port, sizeof s->port,
                        &s->tls) != 0)
      code = rg_set_error(error, RG_ERR_INVALID_ARGUMENT,
                          "server: \"%s\" is not host:port, http://host:port or "
                          "https://host[:port]",
                          config->server);
    else if (config->api_key == NULL || config->api_key[0] == '\0' ||
             strlen(config->api_key) > MAX_API_KEY || strpbrk(config->api_key, "\r\n"))
      code = rg_set_error(error, RG_ERR_INVALID_ARGUMENT, "api_key: required (rgk_...)");
    if (code == RG_OK) {
      int v6 = strchr(s->host, ':') != NULL;
      snprintf(s->authority, sizeof s->authority, "%s%s%s:%s", v6 ? "[" : "", s->host,
               v6 ? "]" : "", s->port);
      code = copy_option(&s->api_key, config->api_key, error);
    }
    if (code == RG_OK) code = copy_option(&s->verify_name, config->server_name, error);
    if (code == RG_OK && s->tls) {
      s->tls_ctx = rg_tls_context_new(config->ca_file, config->cert_file, config->key_file, error);
      if (s->tls_ctx == NULL) code = error ? error->code : RG_ERR_TLS;
    } else if (code == RG_OK && (config->ca_file || config->cert_file || config->key_file)) {
      code = rg_set_error(error, RG_ERR_INVALID_ARGUMENT,
                          "ca_file/cert_file/key_file need an https:// server");
    }
  }
  if (code == RG_OK) {
    s->flight = calloc(s->max_in_flight, sizeof *s->flight);
    if (s->flight == NULL) code = rg_set_error(error, RG_ERR_NO_MEMORY, "out of memory");
  }
  if (code == RG_OK) code = rg_queue_open(config->queue_path, config->device_id, &s->queue, error);
  if (code != RG_OK) {
    rg_scanner_close(s);
    return NULL;
  }
  return s;
}

void rg_scanner_close(rg_scanner *s) {
  if (s == NULL) return;
  rg_scanner_disconnect(s);
  free(s->flight);
  rg_queue_close(s->queue);
  SSL_CTX_free(s->tls_ctx);
  if (s->api_key) {
    memset(s->api_key, 0, strlen(s->api_key));
    free(s->api_key);
  }
  free(s->verify_name);
  free(s);
}

void rg_scanner_set_wake_fd(rg_scanner *s, int fd) { s->wake_fd = fd; }

const char *rg_scanner_device_id(const rg_scanner *s) { return rg_queue_device_id(s->queue); }

int rg_scanner_enqueue(rg_scanner *s, const rg_scan *scan, rg_enqueued *out, rg_error *error) {
  return rg_queue_enqueue(s->queue, scan, out, error);
}

int rg_scanner_pending(rg_scanner *s, size_t *count, rg_error *error) {
  return rg_queue_count(s->queue, count, error);
}

int rg_scanner_pending_list(rg_scanner *s, rg_queued_scan **items, size_t *count,
                            rg_error *error) {
  return rg_queue_list(s->queue, 0, 0, items, count, error);
}

int rg_scanner_attention(rg_scanner *s, rg_attention_item **items, size_t *count,
                         rg_error *error) {
  return rg_queue_attention(s->queue, items, count, error);
}

int rg_scanner_dismiss(rg_scanner *s, int64_t id, rg_error *error) {
  return rg_queue_dismiss(s->queue, id, error);
}
