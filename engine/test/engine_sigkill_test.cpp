// The crash test of the durability contract. A `kestrel-engine serve-stdin` process is fed a seeded
// request flow (orders, cancels, replaces, risk configuration, kill switches, routing with external
// fills, breaker trips; snapshots every 250 journal records) and killed with SIGKILL once it has
// acknowledged a chosen number of requests (or after a random delay). Then, in this process:
//   1. every acknowledgement the driver read matches the uninterrupted in-memory run (code and journal
//      sequence of that request);
//   2. recovery from the data directory (snapshot + journal) succeeds and lands on a journal sequence S
//      that covers every acknowledged request;
//   3. the recovered state equals the uninterrupted run after the first K requests, where K is the
//      last request whose records end at S — so K >= the number acknowledged (journaled but not yet
//      acknowledged requests may survive too; requests are never half applied);
//   4. feeding the rest of the flow to the recovered engine ends in the uninterrupted run's final state.
// Runs under each fsync policy at several kill points.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine_flow.h"
#include "journal_test_util.h"

#ifndef KESTREL_ENGINE_CLI
#error "KESTREL_ENGINE_CLI must name the kestrel-engine binary (set by engine/CMakeLists.txt)"
#endif

namespace kestrel::engine {
namespace {

using testing::FlowGenerator;
using testing::FlowRequest;
using testing::FlowState;
using testing::TempDir;

struct Ack {
  std::size_t index = 0;
  std::string code;
  Sequence sequence = 0;
};

struct KillRun {
  std::vector<Ack> acks;
  bool killed = false;    // died of our SIGKILL (not finished, not crashed on its own)
  std::string protocol_errors;
};

bool write_all_fd(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;  // EPIPE once the server is dead
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Starts serve-stdin, streams `requests` with at most kWindow unacknowledged entries in flight (so the
// server is always mid-stream when the kill comes), SIGKILLs it after `kill_after_acks`
// acknowledgements (or after `kill_after_ms` when that is >= 0) and reads every acknowledgement it
// managed to write.
constexpr std::size_t kWindow = 200;

KillRun run_and_kill(const std::vector<FlowRequest>& requests, const std::string& dir, const std::string& fsync,
                     std::size_t kill_after_acks, int kill_after_ms) {
  int in[2];
  int out[2];
  if (::pipe(in) != 0 || ::pipe(out) != 0) {
    ADD_FAILURE() << "pipe failed";
    return {};
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in[0], STDIN_FILENO);
    ::dup2(out[1], STDOUT_FILENO);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDERR_FILENO);
    ::close(in[1]);
    ::close(out[0]);
    const std::string data_dir = dir;
    ::execl(KESTREL_ENGINE_CLI, KESTREL_ENGINE_CLI, "serve-stdin", "--data-dir", data_dir.c_str(), "--fsync",
            fsync.c_str(), "--snapshot-every", "250", "--group-records", "32", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  std::atomic<std::size_t> acked{0};
  std::atomic<bool> stop{false};
  std::thread writer([&requests, &acked, &stop, fd = in[1]] {
    // Uneven chunks so that the server's reads (and group commits) fall at varied points.
    std::mt19937 random(static_cast<unsigned>(requests.size()));
    std::string chunk;
    std::size_t entries = 0;
    for (const FlowRequest& request : requests) {
      while (!stop && entries >= acked + kWindow) std::this_thread::sleep_for(std::chrono::microseconds(200));
      if (stop) break;
      chunk += request.text + "\n";
      entries += request.is_entry() ? 1 : 0;
      if (chunk.size() > 200 + random() % 6'000 || entries >= acked + kWindow) {
        if (!write_all_fd(fd, chunk)) break;
        chunk.clear();
      }
    }
    if (!stop) write_all_fd(fd, chunk);
    ::close(fd);
  });
  std::thread timer;
  if (kill_after_ms >= 0) {
    timer = std::thread([pid, kill_after_ms] {
      std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms));
      ::kill(pid, SIGKILL);
    });
  }
  KillRun run;
  std::string buffer;
  char bytes[4096];
  bool sent = false;
  for (;;) {
    const ssize_t n = ::read(out[0], bytes, sizeof bytes);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer.append(bytes, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t end; (end = buffer.find('\n', start)) != std::string::npos; start = end + 1) {
      std::istringstream line(buffer.substr(start, end - start));
      std::string word;
      line >> word;
      if (word != "ack") {
        run.protocol_errors += buffer.substr(start, end - start) + "\n";
        continue;
      }
      Ack ack;
      line >> ack.index >> ack.code >> ack.sequence;
      run.acks.push_back(ack);
    }
    buffer.erase(0, start);
    acked = run.acks.size();
    if (kill_after_ms < 0 && !sent && run.acks.size() >= kill_after_acks) {
      ::kill(pid, SIGKILL);
      sent = true;
    }
  }
  stop = true;
  // The timer may still fire: join it while the child is unreaped, so its pid cannot be reused yet.
  if (timer.joinable()) timer.join();
  int status = 0;
  ::waitpid(pid, &status, 0);
  writer.join();
  ::close(out[0]);
  run.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  return run;
}

class EngineSigkill : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ::signal(SIGPIPE, SIG_IGN);  // the writer thread gets EPIPE instead when the server dies
    FlowGenerator generator(2024);
    requests_ = new std::vector<FlowRequest>(generator.generate(3'000, &states_storage()));
    for (std::size_t i = 0; i < requests_->size(); ++i) {
      if ((*requests_)[i].is_entry()) entries_.push_back(i);
    }
  }
  static void TearDownTestSuite() {
    delete requests_;
    requests_ = nullptr;
  }
  static std::vector<FlowState>& states_storage() {
    static std::vector<FlowState> states;
    return states;
  }

  // One scenario: kill, then check properties 1-4 of the file comment.
  void kill_and_recover(const std::string& fsync, std::size_t kill_after_acks, int kill_after_ms = -1) {
    const std::vector<FlowRequest>& requests = *requests_;
    const std::vector<FlowState>& states = states_storage();
    TempDir dir;
    const KillRun run = run_and_kill(requests, dir.path(), fsync, kill_after_acks, kill_after_ms);
    const std::string where = fsync + " kill after " + std::to_string(kill_after_acks) + " acks / " +
                              std::to_string(kill_after_ms) + " ms";
    EXPECT_TRUE(run.protocol_errors.empty()) << run.protocol_errors;
    if (kill_after_ms < 0) {
      EXPECT_TRUE(run.killed) << where << ": the server finished before the kill";
      EXPECT_GE(run.acks.size(), kill_after_acks) << where;
      EXPECT_LT(run.acks.size(), entries_.size()) << where << ": killed in the middle";
    }
    // 1. Acknowledgements are in order and say what the uninterrupted run says.
    Sequence acked_sequence = 0;
    for (std::size_t i = 0; i < run.acks.size(); ++i) {
      const Ack& ack = run.acks[i];
      ASSERT_EQ(ack.index, i) << where;
      const FlowState& expected = states[entries_[i]];
      ASSERT_EQ(ack.code, std::string(result_code_name(expected.result.code))) << where << " ack " << i;
      ASSERT_EQ(ack.sequence, expected.result.journal_sequence) << where << " ack " << i;
      acked_sequence = std::max(acked_sequence, ack.sequence);
    }
    // 2. Recovery covers every acknowledged request.
    EngineOptions options;
    options.data_dir = dir.path();
    EngineOpenResult opened = Engine::open(options);
    ASSERT_EQ(opened.code, ResultCode::Ok) << where << ": " << opened.detail;
    Engine& engine = *opened.engine;
    const Sequence recovered = engine.last_sequence();
    EXPECT_GE(recovered, acked_sequence) << where << ": an acknowledged request was lost";
    // 3. The recovered state is the uninterrupted run's after the first K requests, K >= acknowledged.
    std::size_t k = requests.size();
    for (std::size_t i = requests.size(); i-- > 0;) {
      if (states[i].last_sequence == recovered) {
        k = i;
        break;
      }
    }
    if (recovered == 0) k = 0;  // nothing journaled: the state before any journaled request
    ASSERT_LT(k, requests.size()) << where << ": recovered sequence " << recovered << " is no request boundary";
    const std::size_t acknowledged_requests = run.acks.empty() ? 0 : entries_[run.acks.size() - 1] + 1;
    EXPECT_GE(k + 1, acknowledged_requests) << where;
    const EngineStateHashes h = engine.state_hashes();
    if (recovered > 0) {
      const EngineStateHashes& expected = states[k].hashes;
      EXPECT_EQ(h.matching, expected.matching) << where;
      EXPECT_EQ(h.risk, expected.risk) << where;
      EXPECT_EQ(h.router, expected.router) << where;
      EXPECT_EQ(h.combined, expected.combined) << where << ", K = " << k;
    } else {
      EXPECT_EQ(h.combined, Engine::open(EngineOptions{}).engine->state_hashes().combined) << where;
    }
    std::string error;
    EXPECT_TRUE(engine.matching().validate_internal_state(&error)) << where << ": " << error;
    std::printf("  %s: %zu acknowledged (journal %llu), recovered journal %llu = first %zu requests (snapshot %llu, "
                "replayed %llu, torn %llu bytes, dropped %llu records)\n",
                where.c_str(), run.acks.size(), static_cast<unsigned long long>(acked_sequence),
                static_cast<unsigned long long>(recovered), recovered == 0 ? 0 : k + 1,
                static_cast<unsigned long long>(opened.recovery.snapshot_sequence),
                static_cast<unsigned long long>(opened.recovery.replayed),
                static_cast<unsigned long long>(opened.recovery.torn_bytes),
                static_cast<unsigned long long>(opened.recovery.abandoned_records));
    // 4. The rest of the flow continues from there to the same final state.
    std::vector<EngineEvent> events;
    const std::size_t next = recovered == 0 ? 0 : k + 1;
    for (std::size_t i = 0; i < next; ++i) {
      const LineKind kind = requests[i].line.kind;
      if (kind == LineKind::Venue || kind == LineKind::Depth) testing::apply_flow_request(engine, requests[i], events);
    }
    for (std::size_t i = next; i < requests.size(); ++i) testing::apply_flow_request(engine, requests[i], events);
    EXPECT_EQ(engine.state_hashes().combined, states.back().hashes.combined) << where;
    EXPECT_EQ(engine.last_sequence(), states.back().last_sequence) << where;
  }

  static std::vector<FlowRequest>* requests_;
  static std::vector<std::size_t> entries_;  // request index of each entry (acknowledged line)
};

std::vector<FlowRequest>* EngineSigkill::requests_ = nullptr;
std::vector<std::size_t> EngineSigkill::entries_;

TEST_F(EngineSigkill, GroupCommitAtSeveralKillPoints) {
  for (const std::size_t acks : {1u, 137u, 700u, 1'400u, 2'300u}) kill_and_recover("group", acks);
}

TEST_F(EngineSigkill, NoFsyncAtSeveralKillPoints) {
  // A process crash loses nothing that reached write(2), whatever the fsync policy.
  for (const std::size_t acks : {60u, 1'100u, 2'500u}) kill_and_recover("none", acks);
}

TEST_F(EngineSigkill, FsyncEveryRecordAtSeveralKillPoints) {
  for (const std::size_t acks : {25u, 180u}) kill_and_recover("every", acks);
}

TEST_F(EngineSigkill, KillAfterRandomDelays) {
  std::mt19937 random(99);
  for (int run = 0; run < 5; ++run) kill_and_recover("group", 0, static_cast<int>(random() % 25));
}

}  // namespace
}  // namespace kestrel::engine
