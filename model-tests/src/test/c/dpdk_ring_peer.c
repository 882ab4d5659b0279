/*
 * dpdk_ring_peer: drives DPDK 22.11's VMBus ring code over an hvref ring IMAGE file.
 *
 * Original hvref code (no DPDK source is copied here). It is linked against two objects taken
 * unchanged from Debian's libdpdk-dev (librte_bus_vmbus.a): bus_vmbus_vmbus_bufring.c.o (the ring:
 * vmbus_br_setup, vmbus_txbr_write, vmbus_rxbr_peek, vmbus_rxbr_read) and bus_vmbus_vmbus_channel.c.o
 * (the public channel calls rte_vmbus_chan_send, rte_vmbus_chan_send_sglist, rte_vmbus_chan_recv,
 * which frame descriptors and decide signalling on top of the ring calls). The wire structs come
 * from DPDK's public header rte_vmbus_reg.h (BSD-3-Clause); the peer is built by
 * DpdkRingInteropTest (model-tests).
 *
 * An IMAGE is the 4096-byte control page followed by the data region, as one file (the format of
 * `hvref ring decode/encode`). The file is mapped shared, so every index DPDK stores lands in it.
 *
 * Usage:
 *   dpdk_ring_peer write IMAGE < COMMANDS     append packets as DPDK's sender does
 *   dpdk_ring_peer read IMAGE [--max N]       drain packets as DPDK's receiver does
 *   dpdk_ring_peer state IMAGE                print the control page
 *
 * COMMANDS for write, one per line, numbers in C syntax (decimal or 0x...), HEX may be "-" (empty):
 *   inband TYPE FLAGS XACT HEX                rte_vmbus_chan_send: descriptor with offset8 = 2
 *   gpa XACT HEX LEN:OFS:PFN[,LEN:OFS:PFN...] rte_vmbus_chan_send_sglist: type 9, one page per range
 *   set FIELD VALUE                           store a control-page field (what a reader would do):
 *                                             windex|rindex|imask|pending|features (bypasses DPDK;
 *                                             the peer then re-attaches DPDK's ring to the image)
 * Output: one JSON line per command. For a packet:
 *   {"op":"inband","seq":1,"result":0,"needSignal":true,"oldWriteIndex":0,"writeIndex":40,
 *    "readIndex":0,"interruptMask":0}
 * result is DPDK's return value (0, or -11 = -EAGAIN when the ring is full; nothing is written).
 * needSignal is the flag DPDK's sender raises when the receiver must be interrupted.
 *
 * read prints one JSON line per packet:
 *   {"op":"packet","seq":1,"offset":0,"type":6,"offset8":2,"len8":3,"flags":1,"transactionId":"7",
 *    "header":"","data":"0102...","trailer":"0000000000000000","signalWriter":false,"readIndex":32}
 * header = bytes [16, offset8*8), data = bytes [offset8*8, len8*8) as DPDK returned them, trailer =
 * the 8 bytes after the packet (DPDK skips them; the peer reads them from the image itself), and
 * signalWriter = DPDK's receiver decided to signal the writer (pending_send_sz crossing). Then the
 * final control page as {"op":"state",...}. A packet DPDK refuses ends the output with
 * {"op":"error","seq":N,"result":R,"message":"..."} and exit status 2.
 *
 * Observed ABI (DPDK 22.11, found by experiment on the compiled objects, since these declarations
 * are not in the public headers):
 *   struct vmbus_br { struct vmbus_bufring *vbr; uint32_t dsize; uint32_t windex; }  (16 bytes)
 *   void vmbus_br_setup(struct vmbus_br *br, void *buf, unsigned int blen)   dsize = blen - page
 *   int  vmbus_txbr_write(struct vmbus_br *tbr, const struct iovec iov[], int iovlen,
 *                         bool *need_sig)                     ORs into *need_sig; -EAGAIN if full
 *   int  vmbus_rxbr_peek(const struct vmbus_br *rbr, void *data, size_t dlen)      -EAGAIN if short
 *   int  vmbus_rxbr_read(struct vmbus_br *rbr, void *data, size_t dlen, size_t skip)
 *   struct vmbus_channel: rxbr at 0x20, txbr at 0x30, monitor id (u8) at 0x44, and at 0x48 a
 *   pointer to the page where a signal sets bit (id % 32) of u32 word 2 * (id / 32 + 1); the peer
 *   points it at a scratch page and reports any bit set as a signal.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <rte_bus_vmbus.h>   /* public API: rte_vmbus_chan_*, struct vmbus_gpa, MAX_PAGE_BUFFER_COUNT */
#include <rte_vmbus_reg.h>   /* wire structs: struct vmbus_bufring, struct vmbus_chanpkt_hdr */

#define PEER_PAGE_SIZE 4096u
#define EXIT_USAGE 64
#define EXIT_REFUSED 2

/* ---- the observed private ABI (see the header comment) ---- */

struct vmbus_br {
    struct vmbus_bufring *vbr;
    uint32_t dsize;
    uint32_t windex;
};

void vmbus_br_setup(struct vmbus_br *br, void *buf, unsigned int blen);
int vmbus_txbr_write(struct vmbus_br *tbr, const struct iovec iov[], int iovlen, bool *need_sig);
int vmbus_rxbr_peek(const struct vmbus_br *rbr, void *data, size_t dlen);
int vmbus_rxbr_read(struct vmbus_br *rbr, void *data, size_t dlen, size_t skip);

#define CHAN_RXBR_OFFSET 0x20
#define CHAN_TXBR_OFFSET 0x30
#define CHAN_MONITOR_ID_OFFSET 0x44
#define CHAN_SIGNAL_PAGE_OFFSET 0x48
#define CHAN_BLOB_SIZE 4096

/* ---- what the DPDK objects need from their caller ---- */

size_t rte_mem_page_size(void) { return PEER_PAGE_SIZE; }

void __rte_panic(const char *funcname, const char *format, ...)
{
    va_list ap;
    fprintf(stderr, "dpdk_ring_peer: DPDK panic in %s: ", funcname);
    va_start(ap, format);
    vfprintf(stderr, format, ap);
    va_end(ap);
    abort();
}

int vmbus_logtype_bus = 0;

int rte_log(uint32_t level, uint32_t logtype, const char *format, ...)
{
    va_list ap;
    fprintf(stderr, "dpdk_ring_peer: DPDK log level=%u type=%u: ", level, logtype);
    va_start(ap, format);
    int n = vfprintf(stderr, format, ap);
    va_end(ap);
    return n;
}

/*
 * The channel object also references device set-up calls (UIO mapping, allocation). The peer
 * builds its channel itself and never reaches them; if DPDK ever did, the run stops loudly.
 */
static void unreachable_dpdk_call(const char *name)
{
    fprintf(stderr, "dpdk_ring_peer: unexpected DPDK call to %s (device set-up is not part of the peer)\n",
            name);
    abort();
}
void *rte_zmalloc_socket(const char *type, size_t size, unsigned align, int socket)
{
    (void) type; (void) size; (void) align; (void) socket;
    unreachable_dpdk_call("rte_zmalloc_socket");
    return NULL;
}
void rte_free(void *ptr) { (void) ptr; unreachable_dpdk_call("rte_free"); }
int vmbus_uio_find_resource(void) { unreachable_dpdk_call("vmbus_uio_find_resource"); return -1; }
int vmbus_uio_get_subchan(void) { unreachable_dpdk_call("vmbus_uio_get_subchan"); return -1; }
int vmbus_uio_map_rings(void) { unreachable_dpdk_call("vmbus_uio_map_rings"); return -1; }
int vmbus_uio_subchannels_supported(void) { unreachable_dpdk_call("vmbus_uio_subchannels_supported"); return 0; }

/* ---- image ---- */

struct image {
    const char *path;
    uint8_t *base;      /* control page, then data */
    size_t length;
    uint32_t dsize;
    struct vmbus_bufring *ctl;
    uint8_t *chan;      /* the channel blob handed to DPDK's channel calls */
    uint64_t *signal_page;
};

static void die(int status, const char *fmt, ...)
{
    va_list ap;
    fputs("dpdk_ring_peer: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(status);
}

static struct vmbus_br *chan_rxbr(struct image *im) { return (struct vmbus_br *) (im->chan + CHAN_RXBR_OFFSET); }
static struct vmbus_br *chan_txbr(struct image *im) { return (struct vmbus_br *) (im->chan + CHAN_TXBR_OFFSET); }

/* (Re)attaches DPDK's ring state to the image, as a freshly opened channel would. */
static void attach(struct image *im)
{
    vmbus_br_setup(chan_rxbr(im), im->base, (unsigned int) im->length);
    vmbus_br_setup(chan_txbr(im), im->base, (unsigned int) im->length);
    if (chan_txbr(im)->dsize != im->dsize || chan_txbr(im)->vbr != im->ctl
        || chan_txbr(im)->windex != im->ctl->windex) {
        die(EXIT_FAILURE, "DPDK ring set-up disagrees with the observed ABI: dsize=%u vbr=%p windex=%u "
            "(expected: dsize=%u vbr=%p windex=%u)", chan_txbr(im)->dsize, (void *) chan_txbr(im)->vbr,
            chan_txbr(im)->windex, im->dsize, (void *) im->ctl, im->ctl->windex);
    }
}

static void open_image(struct image *im, const char *path)
{
    int fd = open(path, O_RDWR);
    if (fd < 0) die(EXIT_FAILURE, "cannot open image: %s (%s)", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) die(EXIT_FAILURE, "cannot stat image: %s", path);
    if (st.st_size < (off_t) (2 * PEER_PAGE_SIZE) || st.st_size % 8 != 0 || st.st_size > (off_t) UINT32_MAX) {
        die(EXIT_FAILURE, "image size: %lld bytes (expected: 4096-byte control page + data region, "
            "a multiple of 8)", (long long) st.st_size);
    }
    im->path = path;
    im->length = (size_t) st.st_size;
    im->dsize = (uint32_t) (im->length - PEER_PAGE_SIZE);
    im->base = mmap(NULL, im->length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (im->base == MAP_FAILED) die(EXIT_FAILURE, "cannot map image: %s (%s)", path, strerror(errno));
    close(fd);
    im->ctl = (struct vmbus_bufring *) im->base;
    if (im->ctl->windex >= im->dsize || im->ctl->windex % 8 != 0
        || im->ctl->rindex >= im->dsize || im->ctl->rindex % 8 != 0) {
        die(EXIT_REFUSED, "image indexes: windex=%u rindex=%u (expected: multiples of 8 below %u)",
            im->ctl->windex, im->ctl->rindex, im->dsize);
    }
    im->chan = calloc(1, CHAN_BLOB_SIZE);
    im->signal_page = calloc(1, PEER_PAGE_SIZE);
    if (im->chan == NULL || im->signal_page == NULL) die(EXIT_FAILURE, "out of memory");
    im->chan[CHAN_MONITOR_ID_OFFSET] = 0;
    memcpy(im->chan + CHAN_SIGNAL_PAGE_OFFSET, &im->signal_page, sizeof im->signal_page);
    attach(im);
    if (rte_vmbus_chan_rx_empty((struct vmbus_channel *) im->chan) != (im->ctl->windex == im->ctl->rindex)) {
        die(EXIT_FAILURE, "DPDK's rx_empty disagrees with the image (channel ABI mismatch?)");
    }
}

static void close_image(struct image *im)
{
    if (msync(im->base, im->length, MS_SYNC) != 0) die(EXIT_FAILURE, "msync failed: %s", strerror(errno));
    munmap(im->base, im->length);
    free(im->chan);
    free(im->signal_page);
}

static bool take_signal(struct image *im)
{
    bool any = false;
    for (size_t i = 0; i < PEER_PAGE_SIZE / sizeof(uint64_t); i++) {
        if (im->signal_page[i] != 0) any = true;
        im->signal_page[i] = 0;
    }
    return any;
}

/* ---- small helpers ---- */

static void print_hex(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) printf("%02x", p[i]);
}

static int hex_nibble(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes HEX (or "-") into a fresh buffer; returns its length. */
static size_t parse_hex(const char *hex, uint8_t **out, long line)
{
    if (hex == NULL) die(EXIT_USAGE, "line %ld: missing hex payload", line);
    size_t n = strcmp(hex, "-") == 0 ? 0 : strlen(hex);
    if (n % 2 != 0) die(EXIT_USAGE, "line %ld: hex payload length: %zu digits (expected: even)", line, n);
    uint8_t *buf = malloc(n / 2 + 1);
    if (buf == NULL) die(EXIT_FAILURE, "out of memory");
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hex_nibble(hex[2 * i]), lo = hex_nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) die(EXIT_USAGE, "line %ld: bad hex digit near offset %zu", line, 2 * i);
        buf[i] = (uint8_t) (hi << 4 | lo);
    }
    *out = buf;
    return n / 2;
}

static uint64_t parse_number(const char *s, uint64_t max, const char *what, long line)
{
    if (s == NULL) die(EXIT_USAGE, "line %ld: missing %s", line, what);
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno != 0 || *end != '\0' || s[0] == '-' || v > max) {
        die(EXIT_USAGE, "line %ld: %s: %s (expected: a number up to %" PRIu64 ")", line, what, s, max);
    }
    return v;
}

static void print_state(const struct image *im, const char *op)
{
    printf("{\"op\":\"%s\",\"writeIndex\":%u,\"readIndex\":%u,\"interruptMask\":%u,\"pendingSendSize\":%u,"
           "\"featureBits\":%u,\"dataSize\":%u}\n", op, im->ctl->windex, im->ctl->rindex, im->ctl->imask,
           im->ctl->pending_send, im->ctl->feature_bits.value, im->dsize);
}

/* ---- write ---- */

static void report_send(struct image *im, const char *op, long seq, int rc, bool need_sig, uint32_t old_windex)
{
    /* ABI check: the channel's txbr (0x30) must be the ring that just moved in the image */
    uint32_t expected = rc == 0 ? chan_txbr(im)->windex : old_windex;
    if (im->ctl->windex != expected) {
        die(EXIT_FAILURE, "write index after send: %u (expected: %u; channel ABI mismatch?)",
            im->ctl->windex, expected);
    }
    printf("{\"op\":\"%s\",\"seq\":%ld,\"result\":%d,\"needSignal\":%s,\"oldWriteIndex\":%u,\"writeIndex\":%u,"
           "\"readIndex\":%u,\"interruptMask\":%u}\n", op, seq, rc, need_sig ? "true" : "false", old_windex,
           im->ctl->windex, im->ctl->rindex, im->ctl->imask);
}

static int cmd_write(struct image *im)
{
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0, seq = 0;
    while (getline(&line, &cap, stdin) >= 0) {
        lineno++;
        char *save;
        char *op = strtok_r(line, " \t\r\n", &save);
        if (op == NULL || op[0] == '#') continue;
        if (strcmp(op, "inband") == 0) {
            uint16_t type = (uint16_t) parse_number(strtok_r(NULL, " \t\r\n", &save), UINT16_MAX, "type", lineno);
            uint16_t flags = (uint16_t) parse_number(strtok_r(NULL, " \t\r\n", &save), UINT16_MAX, "flags", lineno);
            uint64_t xact = parse_number(strtok_r(NULL, " \t\r\n", &save), UINT64_MAX, "transaction id", lineno);
            uint8_t *data;
            size_t dlen = parse_hex(strtok_r(NULL, " \t\r\n", &save), &data, lineno);
            uint32_t old = im->ctl->windex;
            bool need_sig = false;
            int rc = rte_vmbus_chan_send((struct vmbus_channel *) im->chan, type, data, (uint32_t) dlen, xact,
                                         flags, &need_sig);
            report_send(im, op, ++seq, rc, need_sig, old);
            free(data);
        } else if (strcmp(op, "gpa") == 0) {
            uint64_t xact = parse_number(strtok_r(NULL, " \t\r\n", &save), UINT64_MAX, "transaction id", lineno);
            uint8_t *data;
            size_t dlen = parse_hex(strtok_r(NULL, " \t\r\n", &save), &data, lineno);
            char *ranges = strtok_r(NULL, " \t\r\n", &save);
            if (ranges == NULL) die(EXIT_USAGE, "line %ld: missing gpa ranges", lineno);
            struct vmbus_gpa gpa[MAX_PAGE_BUFFER_COUNT];
            uint32_t count = 0;
            char *rsave;
            for (char *r = strtok_r(ranges, ",", &rsave); r != NULL; r = strtok_r(NULL, ",", &rsave)) {
                if (count == MAX_PAGE_BUFFER_COUNT) die(EXIT_USAGE, "line %ld: too many gpa ranges", lineno);
                char *fsave;
                gpa[count].len = (uint32_t) parse_number(strtok_r(r, ":", &fsave), UINT32_MAX, "range len", lineno);
                gpa[count].ofs = (uint32_t) parse_number(strtok_r(NULL, ":", &fsave), UINT32_MAX, "range ofs", lineno);
                gpa[count].page = parse_number(strtok_r(NULL, ":", &fsave), UINT64_MAX, "range pfn", lineno);
                count++;
            }
            uint32_t old = im->ctl->windex;
            bool need_sig = false;
            int rc = rte_vmbus_chan_send_sglist((struct vmbus_channel *) im->chan, gpa, count, data,
                                                (uint32_t) dlen, xact, &need_sig);
            report_send(im, op, ++seq, rc, need_sig, old);
            free(data);
        } else if (strcmp(op, "set") == 0) {
            char *field = strtok_r(NULL, " \t\r\n", &save);
            uint32_t value = (uint32_t) parse_number(strtok_r(NULL, " \t\r\n", &save), UINT32_MAX, "value", lineno);
            if (field == NULL) die(EXIT_USAGE, "line %ld: missing field", lineno);
            if (strcmp(field, "windex") == 0) im->ctl->windex = value;
            else if (strcmp(field, "rindex") == 0) im->ctl->rindex = value;
            else if (strcmp(field, "imask") == 0) im->ctl->imask = value;
            else if (strcmp(field, "pending") == 0) im->ctl->pending_send = value;
            else if (strcmp(field, "features") == 0) im->ctl->feature_bits.value = value;
            else die(EXIT_USAGE, "line %ld: field: %s (expected: windex|rindex|imask|pending|features)", lineno, field);
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            attach(im);
            print_state(im, "set");
        } else {
            die(EXIT_USAGE, "line %ld: command: %s (expected: inband|gpa|set)", lineno, op);
        }
        fflush(stdout);
    }
    free(line);
    print_state(im, "state");
    return 0;
}

/* ---- read ---- */

static int cmd_read(struct image *im, long max)
{
    struct vmbus_channel *chan = (struct vmbus_channel *) im->chan;
    uint8_t *buf = malloc(im->dsize);
    uint8_t *header = malloc(im->dsize);
    if (buf == NULL || header == NULL) die(EXIT_FAILURE, "out of memory");
    long seq = 0;
    int status = 0;
    while ((max < 0 || seq < max) && !rte_vmbus_chan_rx_empty(chan)) {
        seq++;
        uint32_t start = im->ctl->rindex;
        struct vmbus_chanpkt_hdr desc;
        int rc = vmbus_rxbr_peek(chan_rxbr(im), &desc, sizeof desc);
        if (rc != 0) {
            printf("{\"op\":\"error\",\"seq\":%ld,\"result\":%d,\"message\":\"descriptor peek refused\"}\n", seq, rc);
            status = EXIT_REFUSED;
            break;
        }
        uint32_t hlen = vmbus_chanpkt_getlen(desc.hlen), tlen = vmbus_chanpkt_getlen(desc.tlen);
        /* The extended header, for printing; DPDK's receive validates hlen/tlen itself below. */
        size_t header_len = 0;
        if (hlen > sizeof desc && hlen <= tlen && hlen < im->dsize
            && vmbus_rxbr_peek(chan_rxbr(im), header, hlen) == 0) {
            header_len = hlen - sizeof desc;
        }
        uint32_t len = im->dsize;
        uint64_t xact = 0;
        take_signal(im);
        rc = rte_vmbus_chan_recv(chan, buf, &len, &xact);
        bool signal = take_signal(im);
        if (rc != 0) {
            printf("{\"op\":\"error\",\"seq\":%ld,\"result\":%d,\"offset\":%u,\"type\":%u,\"offset8\":%u,"
                   "\"len8\":%u,\"message\":\"DPDK refused the packet\"}\n", seq, rc, start, desc.type, desc.hlen,
                   desc.tlen);
            status = EXIT_REFUSED;
            break;
        }
        uint32_t after = (uint32_t) (((uint64_t) start + tlen + 8) % im->dsize);
        if (im->ctl->rindex != after) {
            /* ABI check: the channel's rxbr (0x20) must be the ring that just moved in the image */
            die(EXIT_FAILURE, "read index after receive: %u (expected: %u; channel ABI mismatch?)",
                im->ctl->rindex, after);
        }
        uint8_t trailer[8];
        for (uint32_t i = 0; i < 8; i++) trailer[i] = im->base[PEER_PAGE_SIZE + (start + tlen + i) % im->dsize];
        printf("{\"op\":\"packet\",\"seq\":%ld,\"offset\":%u,\"type\":%u,\"offset8\":%u,\"len8\":%u,\"flags\":%u,"
               "\"transactionId\":\"%" PRIu64 "\",\"header\":\"", seq, start, desc.type, desc.hlen, desc.tlen,
               desc.flags, xact);
        print_hex(header + sizeof desc, header_len);
        printf("\",\"data\":\"");
        print_hex(buf, len);
        printf("\",\"trailer\":\"");
        print_hex(trailer, sizeof trailer);
        printf("\",\"signalWriter\":%s,\"readIndex\":%u}\n", signal ? "true" : "false", im->ctl->rindex);
        fflush(stdout);
    }
    free(buf);
    free(header);
    print_state(im, "state");
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: dpdk_ring_peer write IMAGE < COMMANDS | read IMAGE [--max N] | state IMAGE\n");
        return EXIT_USAGE;
    }
    struct image im;
    memset(&im, 0, sizeof im);
    open_image(&im, argv[2]);
    int status;
    if (strcmp(argv[1], "write") == 0 && argc == 3) {
        status = cmd_write(&im);
    } else if (strcmp(argv[1], "read") == 0 && (argc == 3 || (argc == 5 && strcmp(argv[3], "--max") == 0))) {
        status = cmd_read(&im, argc == 5 ? (long) parse_number(argv[4], LONG_MAX, "--max", 0) : -1);
    } else if (strcmp(argv[1], "state") == 0 && argc == 3) {
        print_state(&im, "state");
        status = 0;
    } else {
        fprintf(stderr, "usage: dpdk_ring_peer write IMAGE < COMMANDS | read IMAGE [--max N] | state IMAGE\n");
        status = EXIT_USAGE;
    }
    close_image(&im);
    return status;
}
