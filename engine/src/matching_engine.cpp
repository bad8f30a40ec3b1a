// Symbol routing, session commands, sequencing and state handling of the matching engine; see
// matching_engine.h. Instantiated for both book implementations at the end of the file.
#include "kestrel/engine/matching_engine.h"

#include <algorithm>

#include "kestrel/engine/book_events.h"
#include "kestrel/engine/state_serialization.h"

namespace kestrel::engine {

template <class Book>
Book* BasicMatchingEngine<Book>::find_book(SymbolId symbol) const {
  if (cached_book_ != nullptr && cached_symbol_ == symbol) return cached_book_;
  auto it = books_.find(symbol);
  if (it == books_.end()) return nullptr;
  cached_symbol_ = symbol;
  cached_book_ = it->second.get();
  return cached_book_;
}

template <class Book>
Book& BasicMatchingEngine<Book>::book_for(SymbolId symbol) {
  if (Book* b = find_book(symbol)) return *b;
  auto& slot = books_[symbol];
  slot = std::make_unique<Book>(symbol);
  cached_symbol_ = symbol;
  cached_book_ = slot.get();
  return *slot;
}

template <class Book>
void BasicMatchingEngine<Book>::note_expiry(const Book& book) noexcept {
  next_expiry_ = std::min(next_expiry_, book.next_expiry());
}

template <class Book>
void BasicMatchingEngine<Book>::expire(Timestamp now, std::vector<Event>& out) {
  next_expiry_ = std::numeric_limits<Timestamp>::max();
  for (auto& [symbol, book] : books_) {
    if (book->next_expiry() <= now) book->expire_until(now, out);
    note_expiry(*book);
  }
}

template <class Book>
ResultCode BasicMatchingEngine<Book>::process(const Command& c, std::vector<Event>& out) {
  const std::size_t first = out.size();
  if (c.timestamp >= next_expiry_) expire(c.timestamp, out);
  ResultCode code = ResultCode::Ok;
  switch (c.type) {
    case CommandType::NewOrder: {
      Book& b = book_for(c.symbol);
      code = b.apply(c, out);
      note_expiry(b);
      break;
    }
    case CommandType::Cancel:
    case CommandType::Replace: {
      if (Book* b = find_book(c.symbol)) {
        code = b->apply(c, out);
        note_expiry(*b);
      } else {
        code = ResultCode::BookUnknownOrder;
        out.push_back(rejected_event(c.symbol, c, code));
      }
      break;
    }
    case CommandType::AdvanceTime:
      break;  // expiry above is all it does
    case CommandType::EndSession:
      if (c.symbol == 0) {
        for (auto& [symbol, book] : books_) book->end_session(c.timestamp, out);
      } else if (Book* b = find_book(c.symbol)) {
        b->end_session(c.timestamp, out);
      }
      break;
    case CommandType::HaltSymbol:
      book_for(c.symbol).set_halted(true);
      break;
    case CommandType::ResumeSymbol:
      if (Book* b = find_book(c.symbol)) b->set_halted(false);
      break;
    default:
      code = ResultCode::BookUnknownCommand;
      out.push_back(rejected_event(c.symbol, c, code));
      break;
  }
  for (std::size_t i = first; i < out.size(); ++i) out[i].sequence = ++sequence_;
  return code;
}

template <class Book>
std::optional<OrderView> BasicMatchingEngine<Book>::find_order(SymbolId symbol, OrderId id) const {
  const Book* b = find_book(symbol);
  return b == nullptr ? std::nullopt : b->find_order(id);
}

template <class Book>
TopOfBook BasicMatchingEngine<Book>::top_of_book(SymbolId symbol) const {
  const Book* b = find_book(symbol);
  return b == nullptr ? TopOfBook{} : b->top_of_book();
}

template <class Book>
std::vector<LevelView> BasicMatchingEngine<Book>::depth(SymbolId symbol, Side side, std::size_t levels) const {
  std::vector<LevelView> out;
  if (const Book* b = find_book(symbol)) b->depth(side, levels, out);
  return out;
}

template <class Book>
std::vector<OrderView> BasicMatchingEngine<Book>::level_orders(SymbolId symbol, Side side, Price price) const {
  std::vector<OrderView> out;
  if (const Book* b = find_book(symbol)) b->level_orders(side, price, out);
  return out;
}

template <class Book>
std::vector<OrderView> BasicMatchingEngine<Book>::open_orders(SymbolId symbol) const {
  std::vector<OrderView> out;
  if (const Book* b = find_book(symbol)) b->open_orders(out);
  return out;
}

template <class Book>
std::vector<SymbolId> BasicMatchingEngine<Book>::symbols() const {
  std::vector<SymbolId> out;
  for (const auto& [symbol, book] : books_) out.push_back(symbol);
  return out;
}

template <class Book>
bool BasicMatchingEngine<Book>::halted(SymbolId symbol) const {
  const Book* b = find_book(symbol);
  return b != nullptr && b->halted();
}

template <class Book>
const Book* BasicMatchingEngine<Book>::book(SymbolId symbol) const {
  return find_book(symbol);
}

template <class Book>
bool BasicMatchingEngine<Book>::validate_internal_state(std::string* error) const {
  for (const auto& [symbol, book] : books_) {
    if (!book->validate_internal_state(error)) return false;
  }
  return true;
}

template <class Book>
std::uint64_t BasicMatchingEngine<Book>::state_hash() const {
  std::vector<std::uint64_t> hashes;
  hashes.reserve(books_.size());
  for (const auto& [symbol, book] : books_) hashes.push_back(book->state_hash());
  return hash_engine_state(sequence_, hashes);
}

template <class Book>
EngineState BasicMatchingEngine<Book>::export_state() const {
  EngineState state;
  state.sequence = sequence_;
  for (const auto& [symbol, book] : books_) state.books.push_back(book->export_state());
  return state;
}

template <class Book>
StateResult BasicMatchingEngine<Book>::import_state(const EngineState& state) {
  if (StateResult r = validate_engine_state(state); !r.ok()) return r;
  std::map<SymbolId, std::unique_ptr<Book>> books;
  Timestamp next_expiry = std::numeric_limits<Timestamp>::max();
  for (const BookState& s : state.books) {
    auto book = std::make_unique<Book>(s.symbol);
    book->import_state(s);
    next_expiry = std::min(next_expiry, book->next_expiry());
    books.emplace(s.symbol, std::move(book));
  }
  books_.swap(books);
  sequence_ = state.sequence;
  next_expiry_ = next_expiry;
  cached_book_ = nullptr;
  return {};
}

template <class Book>
void BasicMatchingEngine<Book>::serialize(std::string& out) const {
  encode_engine_state(export_state(), out);
}

template <class Book>
StateResult BasicMatchingEngine<Book>::restore(std::string_view bytes) {
  EngineState state;
  if (StateResult r = decode_engine_state(bytes, state); !r.ok()) return r;
  return import_state(state);
}

template class BasicMatchingEngine<FastBook>;
template class BasicMatchingEngine<ReferenceBook>;

}  // namespace kestrel::engine
